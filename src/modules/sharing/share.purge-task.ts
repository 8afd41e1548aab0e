import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database.js';
import { purgeExpiredSolutions } from './share.altcha.js';

export const PURGE_ALTCHA_TASK = 'purge_altcha_solutions';
/** Hourly, shared safely by every worker process through graphile-worker's cron. */
export const PURGE_ALTCHA_CRONTAB = `41 * * * * ${PURGE_ALTCHA_TASK}`;

/** Forgets used ALTCHA solutions once their challenges have expired: a replay is refused as expired by then. */
export function purgeAltchaSolutionsTask(deps: { db: Database }): Task {
  return async () => {
    await purgeExpiredSolutions(deps.db);
  };
}

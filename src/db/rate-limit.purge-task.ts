import type { Task } from 'graphile-worker';
import type { Database } from './database.js';
import { purgeExpiredLimits } from './rate-limit.js';

export const PURGE_RATE_LIMITS_TASK = 'purge_rate_limits';

/**
 * Deletes expired counters (run hourly by graphile-worker's cron). The counters
 * expire by the wall clock, as rate-limiter-flexible counts them, not the app's clock.
 */
export function purgeRateLimitsTask(deps: { db: Database }): Task {
  return async () => {
    await purgeExpiredLimits(deps.db, Date.now());
  };
}

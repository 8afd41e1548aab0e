import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export const PURGE_IDEMPOTENCY_TASK = 'purge_idempotency_keys';

/** Forgets Idempotency-Keys older than IDEMPOTENCY_TTL_HOURS (run hourly by graphile-worker's cron). */
export function purgeIdempotencyKeysTask(deps: { db: Database; ttlHours: number }): Task {
  return async () => {
    await deps.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${deps.ttlHours})`)
      .execute();
  };
}

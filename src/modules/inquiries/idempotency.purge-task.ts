import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database.js';
import { purgeIdempotencyKeys } from './inquiries.repository.js';

export const PURGE_IDEMPOTENCY_TASK = 'purge_idempotency_keys';

/** Forgets Idempotency-Keys older than IDEMPOTENCY_TTL_HOURS (run hourly by graphile-worker's cron). */
export function purgeIdempotencyKeysTask(deps: { db: Database; ttlHours: number }): Task {
  return async () => {
    await purgeIdempotencyKeys(deps.db, deps.ttlHours);
  };
}

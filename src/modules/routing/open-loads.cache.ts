import type { Executor } from '../../db/database.js';
import { openLoads } from './directory.repository.js';

/**
 * The officers' open loads for intake's balancing, without a count per inquiry.
 *
 * Counting an office's open inquiries costs a round trip whose work grows with
 * the open queue, on every inquiry to an office of two or more officers. The
 * counts are kept for `ttlMs`, and every officer this process assigns in that
 * time is added to them, so a burst spreads across the office as it would with
 * fresh counts. What the count cannot see yet (another instance's assignments,
 * inquiries closed or reassigned in the desk) shows within `ttlMs`. The counts
 * were never exact under concurrency: two inquiries routed at the same moment
 * read the same loads.
 */
export interface OpenLoadCache {
  /** Open inquiries per officer, read through `db` when a count is missing or older than the cache allows. */
  get(db: Executor, contactIds: readonly string[]): Promise<Map<string, number>>;
  /** This process routed a new inquiry to the officer. */
  assigned(contactId: string): void;
}

interface Count {
  n: number;
  /** When it was read, on `now()`'s scale. */
  at: number;
}

/** How long a count serves intake: a second keeps the count off a burst's path and the balance close to live. */
export const OPEN_LOAD_TTL_MS = 1_000;

export function createOpenLoadCache(opts: { ttlMs?: number; now?: () => number } = {}): OpenLoadCache {
  const ttlMs = opts.ttlMs ?? OPEN_LOAD_TTL_MS;
  // Monotonic and real: the app's clock is fixed in tests and may be set back by an admin.
  const now = opts.now ?? (() => performance.now());
  const counts = new Map<string, Count>();
  // One read at a time per set of officers: a burst to one office waits for the same count.
  const reading = new Map<string, Promise<void>>();

  const fresh = (id: string, t: number) => {
    const c = counts.get(id);
    return c !== undefined && t - c.at < ttlMs;
  };

  const read = (db: Executor, ids: string[]): Promise<void> => {
    const key = ids.join(',');
    let pending = reading.get(key);
    if (!pending) {
      const at = now();
      pending = openLoads(db, ids)
        .then((rows) => {
          for (const id of ids) counts.set(id, { n: rows.get(id) ?? 0, at });
        })
        .finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  };

  return {
    async get(db, contactIds) {
      const t = now();
      const stale = [...new Set(contactIds)].filter((id) => !fresh(id, t)).sort();
      if (stale.length) await read(db, stale);
      return new Map(contactIds.map((id) => [id, counts.get(id)?.n ?? 0]));
    },
    assigned(contactId) {
      const c = counts.get(contactId);
      if (c) c.n++;
    },
  };
}

import { CompiledQuery } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from './database.js';

/** What a limit needs: the database (the app's deps or a worker task's). */
type LimitDeps = { db: Database };

/**
 * Limits kept in Postgres (table `rate_limits`, migration 0008), so several
 * app processes share one count. rate-limiter-flexible does the counting: one
 * atomic upsert per hit. Keys should be hashes, never addresses in clear.
 */
export interface LimitSpec {
  /** Key prefix, unique per limit: 'intake-client', 'share-recipient' … */
  name: string;
  points: number;
  durationSeconds: number;
}

export type Verdict = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

const TABLE = 'rate_limits';

/** The library's Postgres store wants a pg Pool's `query({text, values})`; the app has only Kysely. */
export function kyselyStore(db: Database) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const r = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      // The store reads rowCount for SELECT (found?) and DELETE (deleted?).
      return { rows: r.rows, rowCount: r.numAffectedRows !== undefined ? Number(r.numAffectedRows) : r.rows.length };
    },
  };
}

const limiters = new WeakMap<LimitDeps, Map<string, RateLimiterPostgres>>();

function limiterFor(deps: LimitDeps, spec: LimitSpec): RateLimiterPostgres {
  let byName = limiters.get(deps);
  if (!byName) limiters.set(deps, (byName = new Map()));
  const id = `${spec.name}:${spec.points}:${spec.durationSeconds}`;
  let limiter = byName.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: kyselyStore(deps.db),
      storeType: 'pool',
      tableName: TABLE,
      // The migration made the table; expired rows are swept by the retention job, not a timer per limiter.
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: spec.name,
      points: spec.points,
      duration: spec.durationSeconds,
    });
    byName.set(id, limiter);
  }
  return limiter;
}

/** Counts `points` against `key`; over the limit → refused with the seconds until it resets. */
export async function consume(deps: LimitDeps, spec: LimitSpec, key: string, points = 1): Promise<Verdict> {
  try {
    const res = await limiterFor(deps, spec).consume(key, points);
    return { ok: true, remaining: res.remainingPoints };
  } catch (err) {
    // The library rejects with a RateLimiterRes when over the limit, with an Error when the store failed.
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}

/** Forgets `key`'s count (e.g. a successful sign-in clears its failures). */
export async function reset(deps: LimitDeps, spec: LimitSpec, key: string): Promise<void> {
  await limiterFor(deps, spec).delete(key);
}

/** Gives back `points` to `key` (e.g. an attempt counted up front that turned out not to be a failure). */
export async function refund(deps: LimitDeps, spec: LimitSpec, key: string, points = 1): Promise<void> {
  await limiterFor(deps, spec).reward(key, points);
}

/** How much is left for `key` without counting anything (null: nothing used yet). */
export async function peek(deps: LimitDeps, spec: LimitSpec, key: string): Promise<Verdict | null> {
  const res = await limiterFor(deps, spec).get(key);
  if (!res) return null;
  return res.remainingPoints > 0 || res.consumedPoints <= spec.points
    ? { ok: true, remaining: Math.max(0, res.remainingPoints) }
    : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/** Deletes counters that have expired (called by a scheduled job). */
export async function purgeExpiredLimits(db: Database, nowMs: number): Promise<number> {
  const r = await db.executeQuery(CompiledQuery.raw(`DELETE FROM ${TABLE} WHERE expire < $1`, [nowMs]));
  return Number(r.numAffectedRows ?? 0);
}

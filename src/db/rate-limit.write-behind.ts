import { CompiledQuery } from 'kysely';
import type { Database } from './database.js';
import type { LimitSpec, Verdict } from './rate-limit.js';

/**
 * Limits on the intake path, counted in this process first and written to
 * Postgres behind the request: a hit costs no round trip. Each flush adds the
 * hits counted since the last one to the shared `rate_limits` rows (the same
 * rows and key format as rate-limit.ts, so both kinds of limiter agree) in one
 * statement for every key, and learns the count of every process.
 *
 * Exact within one process. Across N processes a flood is refused once each
 * has flushed once (FLUSH_MS), so at worst N × points pass in a window instead
 * of points. A failed flush keeps its hits for the next one; while Postgres is
 * away each process still limits what it sees itself.
 */

const FLUSH_MS = 25;
/** Keys remembered per limit; past it, keys with nothing to write are forgotten (their count is learnt again on the next hit's flush). */
const MAX_KEYS = 50_000;

interface KeyCount {
  /** The count in Postgres when last flushed (every process's hits). */
  stored: number;
  /** Hits counted here and not yet written. */
  pending: number;
  /** Hits being written by the flush under way (counted until it answers). */
  writing: number;
  /** When the window ends, epoch ms. */
  resetAt: number;
}

type LimitDeps = { db: Database; logger?: { warn: (obj: object, msg: string) => void } };

export class WriteBehindLimit {
  private readonly counts = new Map<string, KeyCount>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly deps: LimitDeps,
    private readonly spec: LimitSpec,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit against `key` (a hash); refused over the limit, without waiting for Postgres. */
  hit(key: string): Verdict {
    const now = this.now();
    let count = this.counts.get(key);
    if (count && count.resetAt <= now) {
      this.counts.delete(key);
      count = undefined;
    }
    if (!count) {
      if (this.counts.size >= MAX_KEYS) this.forgetIdle(now);
      count = { stored: 0, pending: 0, writing: 0, resetAt: now + this.spec.durationSeconds * 1000 };
      this.counts.set(key, count);
    }
    const used = count.stored + count.writing + count.pending;
    if (used >= this.spec.points) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((count.resetAt - now) / 1000)) };
    count.pending++;
    this.schedule();
    return { ok: true, remaining: this.spec.points - used - 1 };
  }

  /** Writes what is pending now (shutdown, tests); resolves when it is written or has failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_MS);
    // A pending flush never keeps a process alive; shutdown flushes explicitly.
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch = [...this.counts].filter(([, c]) => c.pending > 0).map(([key, c]) => ({ key, count: c, points: c.pending }));
    if (batch.length === 0) return;
    for (const b of batch) {
      b.count.pending -= b.points;
      b.count.writing += b.points;
    }
    const now = this.now();
    try {
      const { rows } = await this.deps.db.executeQuery<{ key: string; points: number; expire: string }>(
        CompiledQuery.raw(
          `INSERT INTO rate_limits (key, points, expire)
             SELECT * FROM unnest($1::varchar[], $2::int[], $3::bigint[])
           ON CONFLICT (key) DO UPDATE SET
             points = CASE WHEN rate_limits.expire <= $4 THEN EXCLUDED.points ELSE rate_limits.points + EXCLUDED.points END,
             expire = CASE WHEN rate_limits.expire <= $4 THEN EXCLUDED.expire ELSE rate_limits.expire END
           RETURNING key, points, expire`,
          [
            batch.map((b) => `${this.spec.name}:${b.key}`),
            batch.map((b) => b.points),
            batch.map(() => now + this.spec.durationSeconds * 1000),
            now,
          ],
        ),
      );
      const written = new Map(batch.map((b) => [`${this.spec.name}:${b.key}`, b.count]));
      for (const row of rows) {
        const count = written.get(row.key);
        if (!count) continue;
        // The row now holds this flush's hits: they move from `writing` into `stored`.
        count.stored = row.points;
        count.writing = 0;
        count.resetAt = Number(row.expire);
      }
    } catch (err) {
      // Kept for the next flush; the hits were already answered from the local count.
      for (const b of batch) {
        b.count.writing -= b.points;
        b.count.pending += b.points;
      }
      this.deps.logger?.warn({ err, limit: this.spec.name }, 'rate limit counts not written; kept for the next flush');
      this.schedule();
    }
  }

  private forgetIdle(now: number): void {
    for (const [key, c] of this.counts) {
      if (c.resetAt <= now || c.pending === 0) this.counts.delete(key);
    }
  }
}

const limits = new WeakMap<LimitDeps, Map<string, WriteBehindLimit>>();

/** This process's write-behind limit for `spec`, one per set of deps (one per app). */
export function writeBehindLimit(deps: LimitDeps, spec: LimitSpec): WriteBehindLimit {
  let byName = limits.get(deps);
  if (!byName) limits.set(deps, (byName = new Map()));
  const id = `${spec.name}:${spec.points}:${spec.durationSeconds}`;
  let limit = byName.get(id);
  if (!limit) byName.set(id, (limit = new WriteBehindLimit(deps, spec)));
  return limit;
}

/** Writes every pending count of these deps' limits (before the pool closes). */
export async function flushWriteBehindLimits(deps: LimitDeps): Promise<void> {
  await Promise.all([...(limits.get(deps)?.values() ?? [])].map((l) => l.flush()));
}

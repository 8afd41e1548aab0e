import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume } from '../../src/db/rate-limit.js';
import { WriteBehindLimit, flushWriteBehindLimits, writeBehindLimit } from '../../src/db/rate-limit.write-behind.js';
import type { Database } from '../../src/db/database.js';
import { buildTestContext, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, seed: false });
});
afterAll(async () => {
  await t.close();
});

let n = 0;
/** A limit of its own per test, so counts never meet. */
const specOf = (points: number, durationSeconds = 60) => ({ name: `wb-${++n}`, points, durationSeconds });
const stored = async (name: string, key: string) =>
  (await sql<{ points: number }>`select points from rate_limits where key = ${`${name}:${key}`}`.execute(t.db)).rows[0]?.points ?? null;

describe('limits counted in-process and written to Postgres behind the request', () => {
  it('allows `points` hits then refuses, before anything is written', async () => {
    const spec = specOf(3);
    const limit = new WriteBehindLimit(t.deps, spec);
    // Another session holds the table so no write can land: the verdicts cannot have waited for one,
    // and the flush the hits schedule (after FLUSH_MS) waits for the lock, whatever the timing.
    const holder = await t.tdb.pool.connect();
    await holder.query('begin');
    // Released even when an assertion fails, so the flush and later tests are not left waiting.
    try {
      await holder.query('lock table rate_limits in exclusive mode');
      const verdicts = [1, 2, 3, 4].map(() => limit.hit('k'));
      expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false]);
      expect(verdicts[0]).toEqual({ ok: true, remaining: 2 });
      const refused = verdicts[3]!;
      expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(limit.hit('other').ok).toBe(true);
      // Nothing was written yet: the rows come with the flush.
      const held = await holder.query('select key from rate_limits where key like $1', [`${spec.name}:%`]);
      expect(held.rows).toEqual([]);
    } finally {
      await holder.query('commit');
      holder.release();
    }
    await limit.flush();
    expect(await stored(spec.name, 'k')).toBe(3);
    expect(await stored(spec.name, 'other')).toBe(1);
  });

  it('writes on its own shortly after the hits, one row per key with the hits added up', async () => {
    const spec = specOf(100);
    const limit = new WriteBehindLimit(t.deps, spec);
    for (let i = 0; i < 7; i++) limit.hit('burst');
    await expect.poll(() => stored(spec.name, 'burst'), { timeout: 2_000, interval: 20 }).toBe(7);
  });

  it('is shared across processes: once each has flushed, a flood is refused by both, at most a flush’s hits over', async () => {
    const spec = specOf(4);
    // Separate deps objects are what two processes have: their own counts, the same table.
    const a = new WriteBehindLimit({ db: t.db }, spec);
    const b = new WriteBehindLimit({ db: t.db }, spec);
    expect([a.hit('flood').ok, a.hit('flood').ok, a.hit('flood').ok]).toEqual([true, true, true]);
    await a.flush();
    expect(b.hit('flood').ok).toBe(true);
    await b.flush();
    // b learnt the 3 from a with its own flush: the total is at the limit for both.
    expect(await stored(spec.name, 'flood')).toBe(4);
    expect(b.hit('flood').ok).toBe(false);
    // a has not flushed since b's hit: it lets one more through, and learns the total with that flush.
    expect(a.hit('flood').ok).toBe(true);
    await a.flush();
    expect(a.hit('flood').ok).toBe(false);
    expect(await stored(spec.name, 'flood')).toBe(5);
  });

  it('agrees with the per-request limiter on the same rows', async () => {
    const spec = specOf(3);
    const limit = new WriteBehindLimit({ db: t.db }, spec);
    expect((await consume(t.deps, spec, 'mixed')).ok).toBe(true);
    expect((await consume(t.deps, spec, 'mixed')).ok).toBe(true);
    expect(limit.hit('mixed').ok).toBe(true);
    await limit.flush();
    expect(limit.hit('mixed').ok).toBe(false);
    expect((await consume(t.deps, spec, 'mixed')).ok).toBe(false);
  });

  it('starts a new window when the old one ends', async () => {
    const spec = specOf(1, 1);
    let now = Date.now();
    const limit = new WriteBehindLimit({ db: t.db }, spec, () => now);
    expect(limit.hit('w').ok).toBe(true);
    expect(limit.hit('w').ok).toBe(false);
    await limit.flush();
    now += 1_001;
    expect(limit.hit('w').ok).toBe(true);
    await limit.flush();
    expect(await stored(spec.name, 'w')).toBe(1);
  });

  it('keeps limiting and keeps its counts while Postgres cannot be reached, and writes them once it can', async () => {
    const spec = specOf(2);
    // A pool pointed at a port nobody listens on: every flush fails.
    const down = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 500 }) }),
    }) as unknown as Database;
    const warnings: string[] = [];
    const deps = { db: down, logger: { warn: (_o: object, msg: string) => void warnings.push(msg) } };
    const limit = new WriteBehindLimit(deps, spec);
    expect(limit.hit('k').ok).toBe(true);
    await limit.flush();
    expect(warnings.length).toBeGreaterThan(0);
    expect(limit.hit('k').ok).toBe(true);
    expect(limit.hit('k').ok).toBe(false);
    await down.destroy();
    // Postgres is back: the kept hits are written, none lost.
    deps.db = t.db;
    await limit.flush();
    expect(await stored(spec.name, 'k')).toBe(2);
  });

  it('one limit per spec and deps; flushing the deps writes every pending count', async () => {
    const spec = specOf(5);
    const deps = { db: t.db };
    expect(writeBehindLimit(deps, spec)).toBe(writeBehindLimit(deps, spec));
    writeBehindLimit(deps, spec).hit('x');
    await flushWriteBehindLimits(deps);
    expect(await stored(spec.name, 'x')).toBe(1);
  });
});

describe('hits counted while a flush is under way', () => {
  it('are never let through: what is being written still counts until Postgres answers', async () => {
    const spec = specOf(3);
    // A database that answers only when told: the flush stays under way.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { executeQuery: async (q: unknown) => (await gate, t.db.executeQuery(q as never)) } as unknown as Database;
    const limit = new WriteBehindLimit({ db: slow }, spec);
    expect([limit.hit('k').ok, limit.hit('k').ok]).toEqual([true, true]);
    const flushing = limit.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(limit.hit('k').ok).toBe(true);
    expect(limit.hit('k').ok).toBe(false);
    release();
    await flushing;
    await limit.flush();
    expect(limit.hit('k').ok).toBe(false);
    expect(await stored(spec.name, 'k')).toBe(3);
  });
});

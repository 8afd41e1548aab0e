import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, peek, purgeExpiredLimits, refund, reset } from '../../src/db/rate-limit.js';
import { purgeRateLimitsTask } from '../../src/db/rate-limit.purge-task.js';
import { buildTestContext, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, seed: false });
});
afterAll(async () => {
  await t.close();
});

const spec = { name: 'test-limit', points: 3, durationSeconds: 60 };

describe('rate limits kept in Postgres', () => {
  it('allows `points` hits per window, then refuses with the seconds until the window ends', async () => {
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await consume(t.deps, spec, 'key-a'));
    expect(verdicts.slice(0, 3).map((v) => v.ok)).toEqual([true, true, true]);
    const last = verdicts[3]!;
    expect(last.ok).toBe(false);
    expect(last.ok ? 0 : last.retryAfterSeconds).toBeGreaterThan(0);
    expect(last.ok ? 0 : last.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await consume(t.deps, spec, 'key-b')).ok).toBe(true); // another key has its own count
  });

  it('is shared by every process on the database: a second app instance sees the same count', async () => {
    // A second deps object is what another process has: its own limiter objects, the same table.
    const other = { ...t.deps };
    expect((await consume(t.deps, spec, 'shared')).ok).toBe(true);
    expect((await consume(other, spec, 'shared')).ok).toBe(true);
    expect((await consume(t.deps, spec, 'shared')).ok).toBe(true);
    expect((await consume(other, spec, 'shared')).ok).toBe(false);
    const { rows } = await sql<{ points: number }>`select points from rate_limits where key = ${'test-limit:shared'}`.execute(t.db);
    expect(rows[0]?.points).toBe(4);
  });

  it('counts hits from many concurrent requests exactly (one atomic upsert each)', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => consume(t.deps, spec, 'burst')));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
  });

  it('reset forgets a key; peek reads without counting', async () => {
    await consume(t.deps, spec, 'resettable', 3);
    expect(await peek(t.deps, spec, 'resettable')).toEqual({ ok: true, remaining: 0 });
    await reset(t.deps, spec, 'resettable');
    expect(await peek(t.deps, spec, 'resettable')).toBeNull();
    expect((await consume(t.deps, spec, 'resettable')).ok).toBe(true);
  });

  it('refund gives back points counted up front', async () => {
    await consume(t.deps, spec, 'refunded', 3);
    expect((await consume(t.deps, spec, 'refunded')).ok).toBe(false);
    await refund(t.deps, spec, 'refunded', 2);
    expect((await consume(t.deps, spec, 'refunded')).ok).toBe(true);
  });

  it('the hourly purge deletes expired counters and keeps live ones', async () => {
    await sql`insert into rate_limits (key, points, expire) values ('old:1', 5, ${Date.now() - 1000}), ('live:1', 5, ${Date.now() + 60_000})`.execute(t.db);
    await purgeRateLimitsTask({ db: t.db })({}, {} as never);
    const keys = (await sql<{ key: string }>`select key from rate_limits where key in ('old:1', 'live:1')`.execute(t.db)).rows.map((r) => r.key);
    expect(keys).toEqual(['live:1']);
    expect(await purgeExpiredLimits(t.db, Date.now())).toBe(0);
  });
});

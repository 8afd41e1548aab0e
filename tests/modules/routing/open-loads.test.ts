import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { createDatabase, createPool } from '../../../src/db/database.js';
import { createOpenLoadCache, openLoads } from '../../../src/modules/routing/index.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { countingDatabase } from '../../helpers/counting-db.js';

// Intake's open-load cache: an office's counts are read once while fresh, what
// this process assigns is added to them, and a stale count is read again.

let t: TestContext;
let malaysia: string[];
beforeAll(async () => {
  t = await buildTestContext();
  const directory = await t.deps.directory.get();
  malaysia = directory.officers.filter((o) => o.memberships.some((m) => m.officeCode === 'malaysia')).map((o) => o.id);
});
afterAll(async () => {
  await t.close();
});

/** A database handle on its own pool; `counts` are the open-load counts it sent. */
function countingDb() {
  const { db, sent, close } = countingDatabase(t.tdb.url);
  return {
    db,
    get counts() {
      return sent.filter((text) => /count\(\*\)::int as "n" from "inquiries"/.test(text));
    },
    close,
  };
}

const post = (app: ReturnType<typeof createApp>, n: number) =>
  app.request('/api/inquiries', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validInquiry({ email: `load.${n}@example.com`, language: 'en' })),
  });

describe("intake's open-load cache", () => {
  it('reads the counts once while fresh, adds what it assigns, and reads again once stale', async () => {
    expect(malaysia).toHaveLength(2);
    const [indra, juana] = malaysia as [string, string];
    let clock = 0;
    const cache = createOpenLoadCache({ ttlMs: 1_000, now: () => clock });
    const counting = countingDb();
    try {
      const exact = await openLoads(t.db, malaysia);
      expect(await cache.get(counting.db, malaysia)).toEqual(new Map(malaysia.map((id) => [id, exact.get(id) ?? 0])));
      expect(counting.counts).toHaveLength(1);

      // Stored meanwhile by another process: not seen while the count is fresh.
      expect((await post(t.app, 1)).status).toBe(201);
      cache.assigned(indra);
      clock = 999;
      const cached = await cache.get(counting.db, [juana, indra]);
      expect(cached.get(indra)).toBe((exact.get(indra) ?? 0) + 1);
      expect(cached.get(juana)).toBe(exact.get(juana) ?? 0);
      expect(counting.counts).toHaveLength(1);

      // A second later it is read again, and says what the database says.
      clock = 1_000;
      const reread = await cache.get(counting.db, malaysia);
      expect(counting.counts).toHaveLength(2);
      const now = await openLoads(t.db, malaysia);
      expect(reread).toEqual(new Map(malaysia.map((id) => [id, now.get(id) ?? 0])));
    } finally {
      await counting.close();
    }
  });

  it('inquiries routed at the same moment wait for one count', async () => {
    const cache = createOpenLoadCache();
    const counting = countingDb();
    try {
      const all = await Promise.all(Array.from({ length: 5 }, () => cache.get(counting.db, malaysia)));
      expect(counting.counts).toHaveLength(1);
      for (const loads of all) expect(loads).toEqual(all[0]);
    } finally {
      await counting.close();
    }
  });

  it('a failed count is not kept: the next inquiry counts again', async () => {
    const cache = createOpenLoadCache();
    const pool = createPool('postgres://nobody@127.0.0.1:9/none', 1);
    const unreachable = createDatabase(pool);
    try {
      await expect(cache.get(unreachable, malaysia)).rejects.toThrow();
    } finally {
      await unreachable.destroy();
    }
    const counting = countingDb();
    try {
      await cache.get(counting.db, malaysia);
      expect(counting.counts).toHaveLength(1);
    } finally {
      await counting.close();
    }
  });

  it('a burst to an office of two is spread across both officers with one count, and the counts kept match the database', async () => {
    const cache = createOpenLoadCache();
    const counting = countingDb();
    try {
      const app = createApp({ ...t.deps, db: counting.db, openLoads: cache });
      const ids: string[] = [];
      for (let n = 0; n < 4; n++) {
        const res = await post(app, 10 + n);
        expect(res.status).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
      }
      expect(counting.counts).toHaveLength(1);
      const rows = await t.db.selectFrom('inquiries').select('contact_id').where('id', 'in', ids).execute();
      expect(new Set(rows.map((r) => r.contact_id))).toEqual(new Set(malaysia));
      // Each decision saw the loads including the ones before it in the burst.
      expect(await cache.get(counting.db, malaysia)).toEqual(await openLoads(t.db, malaysia));
      expect(counting.counts).toHaveLength(1);
    } finally {
      await counting.close();
    }
  });
});

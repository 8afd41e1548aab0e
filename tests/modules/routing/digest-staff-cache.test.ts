import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';

// Who takes new-inquiry alerts in a digest is cached with the routing directory
// (intake asks on every inquiry). A change of that choice made anywhere, by any
// process, reaches every cache through the database's notification.

const JUANA = 'juana.jaafar@example.org';
let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

async function directoryVersion(): Promise<number> {
  const { rows } = await sql<{ v: string }>`select version::text as v from directory_version`.execute(t.db);
  return Number(rows[0]!.v);
}

async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("the cached digest choice of the desk's staff", () => {
  it('a choice written by another process reaches this cache without an invalidate() here', async () => {
    expect((await t.deps.directory.digestStaff()).has(JUANA)).toBe(false);
    // Straight to the table, as another process would: only the trigger's NOTIFY can tell this cache.
    await t.db.updateTable('staff_users').set({ notify: 'digest' }).where('email', '=', JUANA).execute();
    expect(await eventually(async () => (await t.deps.directory.digestStaff()).has(JUANA))).toBe(true);

    await t.db.updateTable('staff_users').set({ active: false }).where('email', '=', JUANA).execute();
    expect(await eventually(async () => !(await t.deps.directory.digestStaff()).has(JUANA))).toBe(true);
    await t.db.updateTable('staff_users').set({ active: true, notify: 'immediate' }).where('email', '=', JUANA).execute();
  });

  it('updates that do not change the choice (a password) leave the directory as it is', async () => {
    const before = await directoryVersion();
    await t.db.updateTable('staff_users').set({ password_hash: sql<string>`password_hash` }).where('email', '=', JUANA).execute();
    expect(await directoryVersion()).toBe(before);
    await t.db.updateTable('staff_users').set({ notify: 'immediate' }).where('email', '=', JUANA).execute();
    expect(await directoryVersion()).toBe(before + 1);
  });

  it("an inquiry for an officer on the digest files the alert for the digest and emails the office's inbox", async () => {
    await t.db.updateTable('staff_users').set({ notify: 'digest' }).where('email', '=', 'indra.nadchatram@example.org').execute();
    expect(await eventually(async () => (await t.deps.directory.digestStaff()).has('indra.nadchatram@example.org'))).toBe(true);
    const res = await t.postJson('/api/inquiries', validInquiry({ email: 'digest.cache@example.com' }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const alerts = await t.db.selectFrom('emails').select('to_address').where('inquiry_id', '=', id).where('kind', '=', 'new_inquiry').execute();
    expect(alerts.map((a) => a.to_address)).toEqual(['media.malaysia@example.org']);
    const filed = await t.db.selectFrom('staff_digest_items').select(['kind']).where('inquiry_id', '=', id).execute();
    expect(filed).toEqual([{ kind: 'new_inquiry' }]);
  });
});

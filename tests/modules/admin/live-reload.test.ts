import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { createDirectoryCache, DIRECTORY_CHANNEL, type DirectoryCache } from '../../../src/modules/routing/directory.cache.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { type AdminClient, adminClient, clientFor, SATURDAY_10_KL } from './admin-helpers.js';

// "Changes take effect without a restart in every app
// process". Two apps share one database, each with its own cached directory
// and its own LISTEN connection, as two processes would. A change made
// through the first reaches the second through the trigger's NOTIFY; a change
// that fires no NOTIFY stays unseen, which shows the second app really serves
// from its cache and reloads on the notification, not on a timer or per request.

let t: TestContext;
let first: AdminClient;
let second: AdminClient;
let secondCache: DirectoryCache;
let secondApp: App;

async function listeners(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and query = ${`listen ${DIRECTORY_CHANNEL}`}`.execute(t.db);
  return rows[0]!.n;
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 2_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Decision = { office: { code: string }; contact: { name: string } | null; reasons: string[] };
async function decide(client: AdminClient, inquiry: Record<string, unknown>, at = SATURDAY_10_KL): Promise<Decision> {
  const res = await client.send('POST', '/api/admin/routing/dry-run', { inquiry, at });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  secondCache = createDirectoryCache({ db: t.db, listenUrl: t.tdb.url });
  secondApp = createApp({ ...t.deps, directory: secondCache });
  first = await adminClient(t);
  second = clientFor(secondApp, first.token);
  // Both apps are listening before anything changes, so a reload can only come from a notification.
  expect(await until(listeners, (n) => n >= 2)).toBe(2);
});
afterAll(async () => {
  await secondCache.close();
  await t.close();
});

describe('changes reach every app process without a restart (LISTEN/NOTIFY)', () => {
  it('a rule added through one app is used by the other within moments; a change without NOTIFY is not', async () => {
    const flood = { country: 'MY', subject: 'Flood relief for children in Kelantan' };
    const probe = { country: 'MY', subject: 'silent-probe' };
    // Warm the second app's cache.
    expect((await decide(second, flood)).office.code).toBe('malaysia');
    expect((await decide(second, probe)).office.code).toBe('malaysia');

    // A change that fires no trigger (replica mode): both caches keep serving the old directory.
    await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      const hq = await trx.selectFrom('offices').select('id').where('code', '=', 'hq').executeTakeFirstOrThrow();
      await trx
        .insertInto('routing_rules')
        .values({ position: 99, name: 'Silent probe', conditions: JSON.stringify({ keywords: ['silent-probe'] }), office_id: hq.id })
        .execute();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await decide(second, probe)).office.code).toBe('malaysia');

    // The same kind of change through the first app: its NOTIFY makes the second reload.
    const res = await first.send('POST', '/api/admin/routing/rules', {
      name: 'Floods go to the region',
      conditions: { countries: ['MY'], keywords: ['flood'] },
      office: 'eapro',
      position: 1,
    });
    expect(res.status).toBe(201);
    expect((await decide(first, flood)).office.code).toBe('eapro'); // the writer itself: at once
    const seen = await until(() => decide(second, flood), (d) => d.office.code === 'eapro');
    expect(seen.office.code).toBe('eapro');
    expect(seen.reasons).toContain("rule 'Floods go to the region' → eapro");
    // The reload read the whole directory, the silent rule included.
    expect((await decide(second, probe)).office.code).toBe('hq');
  });

  it('new office hours set through one app put officers on duty in the other', async () => {
    const before = await decide(second, { country: 'MY' });
    expect(before.reasons).toContain('duty officer Juana Jaafar');
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:30', closes: '17:30' }));
    const res = await first.send('PUT', '/api/admin/offices/malaysia/hours', { hours: [...weekdays, { weekday: 6, opens: '09:00', closes: '13:00' }] });
    expect(res.status).toBe(200);
    const after = await until(() => decide(second, { country: 'MY' }), (d) => d.reasons.some((r) => r.includes('is on duty at malaysia')));
    expect(after.reasons.some((r) => r.includes('is on duty at malaysia'))).toBe(true);
    expect(after.reasons).not.toContain('duty officer Juana Jaafar');
  });

  it('a duty officer changed through one app is used by the other', async () => {
    const sunday = '2026-12-06T10:00:00+08:00';
    expect((await decide(second, { country: 'MY' }, sunday)).contact?.name).toBe('Juana Jaafar');
    const indra = await t.db.selectFrom('contacts').select('id').where('email', '=', 'indra.nadchatram@example.org').executeTakeFirstOrThrow();
    expect((await first.send('PATCH', '/api/admin/offices/malaysia', { dutyOfficer: indra.id })).status).toBe(200);
    const after = await until(() => decide(second, { country: 'MY' }, sunday), (d) => d.contact?.name === 'Indra Kumari Nadchatram');
    expect(after.reasons).toContain('duty officer Indra Kumari Nadchatram');
  });

  it('the writing process drops its own cache after the commit, without waiting for any notification', async () => {
    // An app whose cache listens to nothing: only the admin write's own invalidate() can refresh it.
    const deaf = createDirectoryCache({ db: t.db, listenUrl: null });
    try {
      const client = clientFor(createApp({ ...t.deps, directory: deaf }), first.token);
      const inquiry = { country: 'MY', subject: 'Typhoon shelters' };
      expect((await decide(client, inquiry)).office.code).toBe('malaysia');
      const res = await client.send('POST', '/api/admin/routing/rules', { name: 'Typhoons to HQ', conditions: { keywords: ['typhoon shelters'] }, office: 'hq', position: 1 });
      expect(res.status).toBe(201);
      expect((await decide(client, inquiry)).office.code).toBe('hq');
    } finally {
      await deaf.close();
    }
  });
});

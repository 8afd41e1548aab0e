import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../../src/modules/audit/audit.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser, uniqueEmail } from './cookie-jar.js';

// The audit log page: admins only, newest first, keyset pages, filter by action.

let t: TestContext;
let admin: Agent;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
  admin = new Agent(t);
  expect((await admin.signIn('desk.admin@example.org')).status).toBe(303);
});
afterAll(async () => {
  await t.close();
});

/** The table rows of an audit page: [id, action] pairs. */
function rowsOf(html: string): { id: number; action: string }[] {
  return [...html.matchAll(/<tr><td>(\d+)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => ({ id: Number(m[1]), action: m[2]! }));
}

describe('the audit log page', () => {
  it('an admin sees sign-ins and failed sign-ins, newest first, with who, method and email domain', async () => {
    const user = await createStaffUser(t);
    await new Agent(t).signIn(uniqueEmail('ghost'), 'Wr0ng-Passw0rd!');
    await new Agent(t).signIn(user.email);
    const res = await admin.get('/desk/admin/audit');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const rows = rowsOf(html);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(rows[0]!.action).toBe('auth.sign_in');
    expect(rows[1]!.action).toBe('auth.sign_in_failed');
    expect(html).toContain(`Test Staff`);
    expect(html).toContain('&quot;emailDomain&quot;:&quot;example.org&quot;');
    expect(html).toContain('&quot;method&quot;:&quot;password&quot;');
    expect(html).toMatch(/<th scope="col">Action<\/th>/);
  });

  it('filtering by action shows only that action', async () => {
    await new Agent(t).signIn(uniqueEmail('ghost'), 'nope');
    const html = await (await admin.get('/desk/admin/audit?action=auth.sign_in_failed')).text();
    const rows = rowsOf(html);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['auth.sign_in_failed']));
  });

  it('keyset pagination by id walks every entry once, newest first', async () => {
    const action = `test.paging_${Date.now().toString(36)}`.replace(/[0-9]/g, 'x');
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) await audit(t.db, { at: t.clock.now(), actorId: null, action, detail: { i } });
    const all = await t.db.selectFrom('audit_log').select('id').where('action', '=', action).orderBy('id', 'desc').execute();
    let url: string | null = `/desk/admin/audit?action=${action}`;
    const sizes: number[] = [];
    while (url) {
      const html = await (await admin.get(url)).text();
      const rows = rowsOf(html);
      sizes.push(rows.length);
      ids.push(...rows.map((r) => r.id));
      const next = /<a href="([^"]+)">Older entries<\/a>/.exec(html);
      url = next ? next[1]!.replaceAll('&amp;', '&') : null;
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(ids).toEqual(all.map((r) => Number(r.id)));
  });

  it('an officer gets 404, exactly like a page that does not exist; signed out → sign in', async () => {
    const officer = new Agent(t);
    await officer.signIn('juana.jaafar@example.org');
    const res = await officer.get('/desk/admin/audit');
    const missing = await officer.get('/desk/admin/no-such-page');
    expect(res.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await res.text()).toBe(await missing.text());
    const anon = await new Agent(t).get('/desk/admin/audit');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/desk/sign-in?next=%2Fdesk%2Fadmin%2Faudit');
  });

  it('filter and cursor are data — injection strings → 400, never SQL', async () => {
    for (const q of ["action=auth.sign_in'%20or%201=1--", 'action=%3Cscript%3E', 'before=1%20or%201=1', 'before=-5', 'before=abc']) {
      expect((await admin.get(`/desk/admin/audit?${q}`)).status).toBe(400);
    }
  });

  it('details are escaped on the page', async () => {
    await audit(t.db, { at: t.clock.now(), actorId: null, action: 'test.escape', detail: { note: '<script>alert(1)</script>' } });
    const html = await (await admin.get('/desk/admin/audit?action=test.escape')).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('audit rows hold no password and no full email address of a failed sign-in', async () => {
    const user = await createStaffUser(t);
    const ghost = uniqueEmail('ghost');
    const secret = 'Sup3r-Secret-Typo-Password';
    await new Agent(t).signIn(user.email, secret);
    await new Agent(t).signIn(ghost, secret);
    await new Agent(t).signIn(user.email);
    const { rows } = await sql<{ row: string }>`select a::text as row from audit_log a`.execute(t.db);
    const dump = rows.map((r) => r.row).join('\n');
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain('pressdesk-demo');
    expect(dump).not.toContain(ghost);
    expect(dump).not.toContain(user.email);
    const page = await (await admin.get('/desk/admin/audit')).text();
    expect(page).not.toContain(secret);
  });
});

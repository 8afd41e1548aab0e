import { SEND_SIGN_IN_LINK_TASK } from '../../../src/modules/auth/signin.usecases.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser, DEMO_PASSWORD } from './cookie-jar.js';

// CSRF on the desk's sign-in routes: cross-origin and text/plain
// POSTs are refused before anything happens; signed-in POSTs need the session's
// token; no GET changes state.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});

/** Everything a sign-in route could change. */
async function state() {
  const { rows } = await sql<{ sessions: number; links: number; used: number; audit: number; emails: number }>`
    select (select count(*) from staff_sessions)::int as sessions,
           (select count(*) from sign_in_links)::int as links,
           (select count(*) from sign_in_links where used_at is not null)::int as used,
           (select count(*) from audit_log)::int as audit,
           (select count(*) from emails)::int as emails`.execute(t.db);
  return rows[0]!;
}

const CROSS_SITE: Record<string, Record<string, string>> = {
  'Origin: https://evil.example': { origin: 'https://evil.example' },
  'Sec-Fetch-Site: cross-site': { 'sec-fetch-site': 'cross-site' },
  'Sec-Fetch-Site: same-site': { 'sec-fetch-site': 'same-site' },
};

describe('cross-origin and text/plain POSTs are refused (403) and change nothing', () => {
  for (const [what, headers] of Object.entries(CROSS_SITE)) {
    it(`${what} → 403 on sign-in (right password) and on the sign-in link request; no session, no link, no email`, async () => {
      const user = await createStaffUser(t);
      const before = await state();
      const agent = new Agent(t);
      const res = await agent.post('/desk/sign-in', { email: user.email, password: DEMO_PASSWORD }, headers);
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect((await agent.post('/desk/sign-in/link', { email: user.email }, headers)).status).toBe(403);
      expect(await state()).toEqual(before);
    });
  }

  it('a text/plain body (what a cross-site form can send without preflight) → 403 on sign-in, nothing changes', async () => {
    const user = await createStaffUser(t);
    const before = await state();
    const res = await t.request('/desk/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-forwarded-for': '10.9.9.9' },
      body: `email=${user.email}&password=${DEMO_PASSWORD}`,
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it('signed in, cross-origin or text/plain sign-out posts (even with the right _csrf) → 403 and the sessions live on', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const csrf = await agent.csrf();
    const before = await state();
    for (const headers of Object.values(CROSS_SITE)) {
      expect((await agent.post('/desk/sign-out', { _csrf: csrf }, headers)).status).toBe(403);
      expect((await agent.post('/desk/sign-out-everywhere', { _csrf: csrf }, headers)).status).toBe(403);
    }
    const plain = await agent.post('/desk/sign-out', { _csrf: csrf }, { 'content-type': 'text/plain', 'x-csrf-token': csrf });
    expect(plain.status).toBe(403);
    expect(await state()).toEqual(before);
    expect((await agent.get('/desk/admin/audit')).status).toBe(200);
  });
});

describe('signed-in POSTs need the session\'s CSRF token', () => {
  it('sign-out without _csrf, with a wrong one, or with another session\'s → 403; with the token (field or header) it works', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    const other = new Agent(t);
    await agent.signIn(user.email);
    await other.signIn(user.email);
    const before = await state();
    expect((await agent.post('/desk/sign-out', {})).status).toBe(403);
    expect((await agent.post('/desk/sign-out', { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await agent.post('/desk/sign-out-everywhere', { _csrf: await other.csrf() })).status).toBe(403);
    expect(await state()).toEqual(before);

    const byHeader = await agent.post('/desk/sign-out', {}, { 'x-csrf-token': await agent.csrf() });
    expect(byHeader.status).toBe(303);
    expect((await other.postWithCsrf('/desk/sign-out')).status).toBe(303);
    expect((await state()).sessions).toBe(before.sessions - 2);
  });

  it('a signed-in sign-in POST without the token → 403, the session is not replaced', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const cookie = agent.session;
    expect((await agent.signIn(user.email)).status).toBe(403);
    expect(agent.session).toBe(cookie);
    expect((await agent.get('/desk/admin/audit')).status).toBe(200);
  });
});

describe('no GET changes state', () => {
  it('opening a sign-in link (twice, as a mail scanner would) neither uses it nor signs anyone in; GET sign-out is not a route', async () => {
    const user = await createStaffUser(t, { admin: true });
    await new Agent(t).post('/desk/sign-in/link', { email: user.email });
    // The link job writes the email; read it before sending blanks the delivered link.
    await t.runJobs([SEND_SIGN_IN_LINK_TASK]);
    const body = (await t.db.selectFrom('emails').select('text').where('to_address', '=', user.email).executeTakeFirstOrThrow()).text!;
    const path = new URL(/https?:\/\/\S+\/desk\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(body)![0]).pathname;

    const signedIn = new Agent(t);
    await signedIn.signIn(user.email);
    const before = await state();
    const scanner = new Agent(t);
    for (let i = 0; i < 2; i++) {
      const res = await scanner.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const gets = await Promise.all(['/desk/sign-out', '/desk/sign-out-everywhere', '/desk/sign-in', '/desk/admin/audit'].map((p) => signedIn.get(p)));
    expect(gets.map((r) => r.status)).toEqual([404, 404, 303, 200]);
    expect(await state()).toEqual(before);
    expect((await signedIn.get('/desk/admin/audit')).status).toBe(200);
    // And the link still works, once, by POST.
    expect((await scanner.post(path, {})).status).toBe(303);
  });
});

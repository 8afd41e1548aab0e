import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sha256 } from '../../../src/lib/tokens.js';
import { accountKey } from '../../../src/modules/auth/signin.throttle.js';
import { BASE_URL, buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser, uniqueEmail } from './cookie-jar.js';

// One-time sign-in links by email, end to end over SMTP. The request only
// enqueues a job; t.runJobs() looks the address up, queues the email and sends it.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => t.clock.set(TEST_NOW));

const LINK_RE = new RegExp(`${BASE_URL.replace(/[.]/g, '\\.')}/desk/sign-in/link/([A-Za-z0-9_-]{43})`);

/** Requests a link and delivers it over SMTP; returns the received message and the link's path. */
async function requestAndReceive(email: string) {
  const before = t.smtp!.received.length;
  const res = await new Agent(t).post('/desk/sign-in/link', { email });
  expect(res.status).toBe(200);
  await t.runJobs();
  const mail = (await t.smtp!.waitFor(before + 1)).slice(before).find((m) => m.envelope.to.includes(email))!;
  expect(mail).toBeDefined();
  const token = LINK_RE.exec(mail.parsed.text ?? '')![1]!;
  return { mail, token, path: `/desk/sign-in/link/${token}` };
}

async function sessionsOf(userId: string) {
  return t.db.selectFrom('staff_sessions').select('id_hash').where('user_id', '=', userId).execute();
}

describe('sign-in links', () => {
  it('link by email → GET shows a confirm button → POST signs in once; the mail is auto-generated and from us', async () => {
    const user = await createStaffUser(t, { admin: true });
    const { mail, token, path } = await requestAndReceive(user.email);
    expect(mail.envelope.to).toEqual([user.email]);
    expect(mail.parsed.from?.value).toEqual([{ name: 'UNICEF', address: 'press@pressdesk.test' }]);
    expect(mail.parsed.subject).toBe('Your UNICEF media desk sign-in link');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.html).toContain(`${BASE_URL}${path}`);
    expect(mail.parsed.text).toContain(`${t.config.SIGN_IN_LINK_MINUTES} minutes`);
    // Once delivered over SMTP, the outbox keeps no copy of the link.
    const outbox = await t.db.selectFrom('emails').select(['html', 'text', 'status']).where('to_address', '=', user.email).where('kind', '=', 'sign_in_link').execute();
    expect(outbox.map((e) => e.status)).toEqual(['sent']);
    for (const e of outbox) expect(`${e.html}${e.text}`).not.toContain(token);
    // Stored only as a hash.
    const link = await t.db.selectFrom('sign_in_links').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(link.token_hash).toBe(sha256(token));
    expect(link.expires_at.getTime()).toBe(t.clock.now().getTime() + t.config.SIGN_IN_LINK_MINUTES * 60_000);

    const agent = new Agent(t);
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="${path}">`);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(await sessionsOf(user.id)).toEqual([]);

    const res = await agent.post(path, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    expect(agent.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionsOf(user.id)).toEqual([{ id_hash: sha256(agent.session!) }]);
    expect((await agent.get('/desk/admin/audit')).status).toBe(200);
    const used = await t.db.selectFrom('sign_in_links').select('used_at').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
    expect(used.used_at).toEqual(t.clock.now());
    const entries = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.sign_in').where('actor_id', '=', user.id).execute();
    expect(entries.map((e) => e.detail)).toEqual([{ method: 'link' }]);
    // The request log names the route pattern, never the token.
    expect(t.logText()).not.toContain(token);
    expect(t.logs.some((l) => l.route === '/desk/sign-in/link/:token')).toBe(true);
  });

  it('a link works once — a second POST (another browser) → 410, no new session; GET after use says it is gone', async () => {
    const user = await createStaffUser(t);
    const { path } = await requestAndReceive(user.email);
    expect((await new Agent(t).post(path, {})).status).toBe(303);
    const second = new Agent(t);
    const again = await second.post(path, {});
    expect(again.status).toBe(410);
    expect(second.session).toBeUndefined();
    expect(await sessionsOf(user.id)).toHaveLength(1);
    expect((await new Agent(t).get(path)).status).toBe(410);
  });

  it('two concurrent uses of one link → exactly one session', async () => {
    const user = await createStaffUser(t);
    const { path } = await requestAndReceive(user.email);
    const results = await Promise.all([new Agent(t).post(path, {}), new Agent(t).post(path, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    expect(await sessionsOf(user.id)).toHaveLength(1);
  });

  it('a link expires after SIGN_IN_LINK_MINUTES: GET and POST → 410, nobody signed in', async () => {
    const user = await createStaffUser(t);
    const { path } = await requestAndReceive(user.email);
    t.clock.advance(t.config.SIGN_IN_LINK_MINUTES * 60_000 + 1_000);
    expect((await new Agent(t).get(path)).status).toBe(410);
    expect((await new Agent(t).post(path, {})).status).toBe(410);
    expect(await sessionsOf(user.id)).toEqual([]);
  });

  it('a made-up or malformed token → 410 and an audited failure', async () => {
    expect((await new Agent(t).post(`/desk/sign-in/link/${'Z'.repeat(43)}`, {})).status).toBe(410);
    expect((await new Agent(t).get('/desk/sign-in/link/not-a-token')).status).toBe(410);
    const failed = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.sign_in_failed').execute();
    expect(failed.map((f) => f.detail)).toContainEqual({ method: 'link', reason: 'invalid_or_used_link' });
  });

  it('the answer is the same for an unknown address, and nothing is sent to it', async () => {
    const user = await createStaffUser(t);
    const unknown = uniqueEmail();
    const known = await new Agent(t).post('/desk/sign-in/link', { email: user.email });
    const stranger = await new Agent(t).post('/desk/sign-in/link', { email: unknown });
    expect(stranger.status).toBe(known.status);
    expect(await stranger.text()).toBe(await known.text());
    await t.runJobs();
    const queued = await t.db.selectFrom('emails').select('to_address').where('to_address', 'in', [user.email, unknown]).execute();
    expect(queued).toEqual([{ to_address: user.email }]);
  });

  it('a disabled account gets no link, and a link sent before it was disabled stops working', async () => {
    const user = await createStaffUser(t);
    const { path } = await requestAndReceive(user.email);
    await t.db.updateTable('staff_users').set({ active: false }).where('id', '=', user.id).execute();
    expect((await new Agent(t).post(path, {})).status).toBe(410);
    expect(await sessionsOf(user.id)).toEqual([]);
    const before = (await t.db.selectFrom('emails').select('id').where('to_address', '=', user.email).execute()).length;
    expect((await new Agent(t).post('/desk/sign-in/link', { email: user.email })).status).toBe(200);
    await t.runJobs();
    expect(await t.db.selectFrom('emails').select('id').where('to_address', '=', user.email).execute()).toHaveLength(before);
  });

  it('repeated asks from one address: the same answer, one email a minute, then 429 at that address', async () => {
    const user = await createStaffUser(t);
    const agent = new Agent(t);
    const bodies = new Set<string>();
    for (let i = 0; i < t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT; i++) {
      const res = await agent.post('/desk/sign-in/link', { email: user.email });
      expect(res.status).toBe(200);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    expect((await agent.post('/desk/sign-in/link', { email: user.email })).status).toBe(429);
    await t.runJobs();
    expect(await t.db.selectFrom('emails').select('id').where('to_address', '=', user.email).execute()).toHaveLength(1);
  });

  it('a link sign-in ends the slow-down that failed passwords put on the account', async () => {
    const user = await createStaffUser(t);
    const failures = t.config.LOGIN_SLOWDOWN_AFTER + 1;
    for (let i = 0; i < failures; i++) expect((await new Agent(t).signIn(user.email, 'wrong')).status).toBe(401);
    const counter = () => sql<{ points: number }>`select points from rate_limits where key = ${`login-account:${accountKey(user.email)}`}`.execute(t.db).then((r) => r.rows);
    expect(await counter()).toEqual([{ points: failures }]);
    const { path } = await requestAndReceive(user.email);
    expect((await new Agent(t).post(path, {})).status).toBe(303);
    expect(await counter()).toEqual([]);
    expect((await new Agent(t).signIn(user.email)).status).toBe(303);
  });
});

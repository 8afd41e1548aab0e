import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/lib/tokens.js';
import { disableStaffUser, safeNext } from '../../../src/modules/auth/signin.usecases.js';
import { buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser, parseSetCookie } from './cookie-jar.js';

// Sessions: a new id at sign-in; sign-out and a disabled account end them; idle and
// absolute timeouts; cookie flags. The admin-only audit page stands in for "a desk page":
// signed in as an admin it answers 200, signed out it sends the browser to sign in.
const DESK_PAGE = '/desk/admin/audit';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => t.clock.set(TEST_NOW));

async function expectSignedIn(agent: Agent) {
  const res = await agent.get(DESK_PAGE);
  expect(res.status).toBe(200);
}

async function expectSignedOut(agent: Agent) {
  const res = await agent.get(DESK_PAGE);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(`/desk/sign-in?next=${encodeURIComponent(DESK_PAGE)}`);
}

/** An agent that replays a given cookie value, as a stolen or stale cookie would be. */
function replay(value: string): Agent {
  const a = new Agent(t);
  a.cookies.set('pd_session', value);
  return a;
}

async function sessionRows(userId: string) {
  return t.db.selectFrom('staff_sessions').select('id_hash').where('user_id', '=', userId).execute();
}

describe('sessions', () => {
  it('sign-in sets a new session id — a cookie value planted before sign-in is never the one set', async () => {
    const user = await createStaffUser(t, { admin: true });
    const planted = 'A'.repeat(43);
    const agent = replay(planted);
    const res = await agent.signIn(user.email);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    const set = res.headers.getSetCookie().map(parseSetCookie).filter((c) => c.name === 'pd_session' && c.value !== '');
    expect(set).toHaveLength(1);
    expect(set[0]!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(set[0]!.value).not.toBe(planted);
    expect(agent.session).toBe(set[0]!.value);
    // Only the hash is stored; the planted value names no session.
    const rows = await sessionRows(user.id);
    expect(rows.map((r) => r.id_hash)).toEqual([sha256(agent.session!)]);
    await expectSignedIn(agent);
    await expectSignedOut(replay(planted));
  });

  it('signing in again while signed in replaces the session: a different id, the old one ended', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const first = agent.session!;
    const res = await agent.post('/desk/sign-in', { email: user.email, password: 'pressdesk-demo', _csrf: await agent.csrf() });
    expect(res.status).toBe(303);
    expect(agent.session).not.toBe(first);
    await expectSignedIn(agent);
    await expectSignedOut(replay(first));
    expect(await sessionRows(user.id)).toHaveLength(1);
  });

  it('sign-out ends the session on the server — the old cookie value sent again leads to sign-in', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const old = agent.session!;
    await expectSignedIn(agent);
    const res = await agent.postWithCsrf('/desk/sign-out');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/sign-in');
    const cleared = res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === 'pd_session')!;
    expect(cleared.value).toBe('');
    expect(cleared.attrs['max-age']).toBe('0');
    expect(agent.session).toBeUndefined();
    expect(await sessionRows(user.id)).toEqual([]);
    await expectSignedOut(replay(old));
    const entry = await t.db.selectFrom('audit_log').select(['actor_id']).where('action', '=', 'auth.sign_out').where('actor_id', '=', user.id).execute();
    expect(entry).toHaveLength(1);
  });

  it('sign-out everywhere ends every session of that user, and only theirs', async () => {
    const user = await createStaffUser(t, { admin: true });
    const other = await createStaffUser(t, { admin: true });
    const laptop = new Agent(t);
    const phone = new Agent(t);
    const colleague = new Agent(t);
    await laptop.signIn(user.email);
    await phone.signIn(user.email);
    await colleague.signIn(other.email);
    const phoneCookie = phone.session!;
    expect(await sessionRows(user.id)).toHaveLength(2);

    const res = await laptop.postWithCsrf('/desk/sign-out-everywhere');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/sign-in');
    expect(await sessionRows(user.id)).toEqual([]);
    await expectSignedOut(replay(phoneCookie));
    await expectSignedOut(laptop);
    await expectSignedIn(colleague);
    const entry = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'auth.sign_out_everywhere').where('actor_id', '=', user.id).execute();
    expect(entry).toHaveLength(1);
  });

  it('disabling an account ends its live sessions at once, and it can no longer sign in', async () => {
    const user = await createStaffUser(t, { admin: true });
    const a = new Agent(t);
    const b = new Agent(t);
    await a.signIn(user.email);
    await b.signIn(user.email);
    await expectSignedIn(a);
    await disableStaffUser(t.db, user.id, { at: t.clock.now(), actorId: null });
    expect(await sessionRows(user.id)).toEqual([]);
    await expectSignedOut(a);
    await expectSignedOut(b);
    const again = await new Agent(t).signIn(user.email);
    expect(again.status).toBe(401);
    expect(await sessionRows(user.id)).toEqual([]);
  });

  it('a session whose account was set inactive by other means is refused too (validateSession checks active)', async () => {
    const user = await createStaffUser(t, { admin: true });
    const a = new Agent(t);
    await a.signIn(user.email);
    await t.db.updateTable('staff_users').set({ active: false }).where('id', '=', user.id).execute();
    await expectSignedOut(a);
  });

  it('idle timeout — activity keeps the session alive, SESSION_IDLE_MINUTES without any ends it', async () => {
    const idleMs = t.config.SESSION_IDLE_MINUTES * 60_000;
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const cookie = agent.session!;
    t.clock.advance(idleMs - 60_000);
    await expectSignedIn(agent);
    t.clock.advance(idleMs - 60_000);
    await expectSignedIn(agent);
    t.clock.advance(idleMs + 60_000);
    await expectSignedOut(replay(cookie));
    expect(await sessionRows(user.id)).toEqual([]);
  });

  it('absolute timeout — even a session in constant use ends SESSION_ABSOLUTE_HOURS after sign-in', async () => {
    const absoluteMs = t.config.SESSION_ABSOLUTE_HOURS * 3_600_000;
    const step = Math.min(t.config.SESSION_IDLE_MINUTES * 60_000 - 60_000, absoluteMs / 4);
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const cookie = agent.session!;
    let elapsed = 0;
    while (elapsed + step < absoluteMs) {
      t.clock.advance(step);
      elapsed += step;
      await expectSignedIn(agent);
    }
    t.clock.advance(absoluteMs - elapsed + 1_000);
    await expectSignedOut(replay(cookie));
  });

  it('the desk frame offers sign-out and sign-out everywhere as POST forms carrying the session\'s token, and they work', async () => {
    const user = await createStaffUser(t, { admin: true });
    const agent = new Agent(t);
    await agent.signIn(user.email);
    const html = await (await agent.get(DESK_PAGE)).text();
    const csrf = await agent.csrf();
    for (const action of ['/desk/sign-out', '/desk/sign-out-everywhere']) {
      expect(html).toContain(`<form method="post" action="${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"/>`);
    }
    const res = await agent.post('/desk/sign-out-everywhere', { _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! });
    expect(res.status).toBe(303);
    await expectSignedOut(agent);
  });

  it('the cookie is HttpOnly, SameSite=Lax, Path=/, a browser-session cookie, and not Secure over plain http', async () => {
    const user = await createStaffUser(t);
    const res = await new Agent(t).signIn(user.email);
    const cookie = res.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === 'pd_session' && c.value !== '')!;
    expect(cookie.attrs).toEqual({ path: '/', httponly: true, samesite: 'Lax' });
  });
});

describe('served over TLS (PUBLIC_BASE_URL=https://…)', () => {
  let tls: TestContext;
  beforeAll(async () => {
    tls = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true', PUBLIC_BASE_URL: 'https://desk.example.test' } });
  });
  afterAll(async () => {
    await tls.close();
  });

  it('the cookie is __Host-pd_session with Secure, Path=/, no Domain, HttpOnly, SameSite=Lax, and it works', async () => {
    const user = await createStaffUser(tls, { admin: true });
    const agent = new Agent(tls);
    const res = await agent.signIn(user.email);
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie().map(parseSetCookie);
    expect(cookies.map((c) => c.name)).toEqual(['__Host-pd_session']);
    expect(cookies[0]!.attrs).toEqual({ path: '/', httponly: true, secure: true, samesite: 'Lax' });
    expect(cookies[0]!.attrs).not.toHaveProperty('domain');
    expect(agent.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await agent.get(DESK_PAGE)).status).toBe(200);

    // Signing out clears the same __Host- cookie.
    const out = await agent.postWithCsrf('/desk/sign-out');
    expect(out.status).toBe(303);
    const cleared = out.headers.getSetCookie().map(parseSetCookie);
    expect(cleared.map((c) => [c.name, c.value, c.attrs.secure, c.attrs.path])).toEqual([['__Host-pd_session', '', true, '/']]);
    expect((await agent.get(DESK_PAGE)).status).toBe(303);
  });

  it('the plain pd_session cookie name is ignored when served over TLS', async () => {
    const user = await createStaffUser(tls, { admin: true });
    const agent = new Agent(tls);
    await agent.signIn(user.email);
    const plain = new Agent(tls);
    plain.cookies.set('pd_session', agent.session!);
    expect((await plain.get(DESK_PAGE)).status).toBe(303);
  });
});

describe('after sign-in: back to where the visitor was going, never to another site', () => {
  it('keeps a local /desk path and refuses everything else (open redirect)', async () => {
    expect(safeNext('/desk/inquiries/abc?status=open')).toBe('/desk/inquiries/abc?status=open');
    expect(safeNext('/desk')).toBe('/desk');
    for (const bad of ['https://evil.example/desk', '//evil.example/desk', '/\\evil.example', '/desk\\@evil.example', '/deskevil', '/desk//evil.example', '/api/staff', 'javascript:alert(1)', '/desk\nLocation: x', undefined, 42]) {
      expect(safeNext(bad)).toBe('/desk');
    }
  });

  it('the sign-in form carries next through to the redirect', async () => {
    const user = await createStaffUser(t);
    const page = await new Agent(t).get('/desk/sign-in?next=%2Fdesk%2Fadmin%2Faudit');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const form = await page.text();
    expect(form).toContain('<label for="password">Password</label>');
    expect(form).toContain('<input type="hidden" name="next" value="/desk/admin/audit"/>');
    expect((await new Agent(t).signIn(user.email, undefined, '/desk/admin/audit')).headers.get('location')).toBe('/desk/admin/audit');
    expect((await new Agent(t).signIn(user.email, undefined, 'https://evil.example/')).headers.get('location')).toBe('/desk');
  });
});

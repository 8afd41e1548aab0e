import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../../../db/seeds/demo-staff.js';
import { slowdownMs } from '../../../src/modules/auth/signin.throttle.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser, DEMO_PASSWORD, uniqueEmail } from './cookie-jar.js';

// Login throttling and "a wrong user looks like a wrong password", in process.
// Every agent speaks from its own address (X-Forwarded-For with TRUST_PROXY), so
// only the counter a test is about moves. Attacks over real sockets:
// signin-lockout.test.ts; timing: signin-timing.test.ts.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});

async function sessionsOf(ctx: TestContext, email: string) {
  return ctx.db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select('s.id_hash')
    .where('u.email', '=', email)
    .execute();
}

function expectThrottled(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(res.headers.getSetCookie()).toEqual([]);
}

describe('per (account, address) throttle', () => {
  it('after LOGIN_MAX_PER_ACCOUNT_CLIENT failures from one address → 429 with Retry-After there, even with the right password', async () => {
    const user = await createStaffUser(t);
    const agent = new Agent(t);
    for (let i = 0; i < t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT; i++) {
      expect((await agent.signIn(user.email, `wrong-${i}`)).status).toBe(401);
    }
    const res = await agent.signIn(user.email, DEMO_PASSWORD);
    expectThrottled(res);
    expect(await res.text()).toContain('Too many sign-in attempts');
    expect(await sessionsOf(t, user.email)).toEqual([]);
    const throttled = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.throttled').execute();
    expect(throttled.map((r) => (r.detail as { scope: string }).scope)).toContain('account_client');
  });

  it('the refusal holds for that pair only: another account from that address, and that account from another address, sign in', async () => {
    const locked = await createStaffUser(t);
    const other = await createStaffUser(t);
    const agent = new Agent(t);
    for (let i = 0; i < t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT; i++) await agent.signIn(locked.email, 'nope');
    expectThrottled(await agent.signIn(locked.email));
    expect((await new Agent(t, agent.address).signIn(other.email)).status).toBe(303);
    expect((await new Agent(t).signIn(locked.email)).status).toBe(303);
  });

  it('a successful sign-in resets the counter for that address', async () => {
    const user = await createStaffUser(t);
    const address = '192.0.2.77';
    const below = t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT - 1;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < below; i++) expect((await new Agent(t, address).signIn(user.email, 'typo')).status).toBe(401);
      expect((await new Agent(t, address).signIn(user.email)).status).toBe(303);
    }
    // Without the reset, 2 × (max − 1) failures would have passed the limit by now.
    expect(await sessionsOf(t, user.email)).toHaveLength(2);
  });

  it('an unknown email is throttled exactly like a real account, so 429 does not reveal which exist', async () => {
    const real = await createStaffUser(t);
    const unknown = uniqueEmail();
    const agent = new Agent(t);
    for (let i = 0; i < t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT; i++) {
      await agent.signIn(real.email, 'wrong');
      await agent.signIn(unknown, 'wrong');
    }
    const a = await agent.signIn(real.email, DEMO_PASSWORD);
    const b = await agent.signIn(unknown, DEMO_PASSWORD);
    expectThrottled(a);
    expectThrottled(b);
    expect(await a.text()).toBe(await b.text());
  });
});

describe('per-account slow-down', () => {
  it('none up to LOGIN_SLOWDOWN_AFTER failures, then 250 ms doubling with each further one, capped at LOGIN_SLOWDOWN_MAX_MS', () => {
    const config = { LOGIN_SLOWDOWN_AFTER: 10, LOGIN_SLOWDOWN_MAX_MS: 3000 };
    expect([0, 9, 10, 11, 12, 13, 14, 100, 1e6].map((n) => slowdownMs(n, config))).toEqual([0, 0, 250, 500, 1000, 2000, 3000, 3000, 3000]);
    expect(slowdownMs(50, { ...config, LOGIN_SLOWDOWN_MAX_MS: 0 })).toBe(0);
  });
});

describe('a wrong user and a wrong password look the same', () => {
  it('unknown email, wrong password and a disabled account give identical status and body', async () => {
    const user = await createStaffUser(t);
    const disabled = await createStaffUser(t);
    await t.db.updateTable('staff_users').set({ active: false }).where('id', '=', disabled.id).execute();
    const wrongUser = await new Agent(t).signIn(uniqueEmail(), DEMO_PASSWORD);
    const wrongPassword = await new Agent(t).signIn(user.email, 'not-the-password');
    const disabledRight = await new Agent(t).signIn(disabled.email, DEMO_PASSWORD);
    const bodies = await Promise.all([wrongUser, wrongPassword, disabledRight].map((r) => r.text()));
    expect([wrongUser.status, wrongPassword.status, disabledRight.status]).toEqual([401, 401, 401]);
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
    expect(bodies[0]).toContain('do not match an account');
    // The form does not echo the typed address back, which would make the bodies differ.
    expect(bodies[0]).not.toContain(user.email);
    for (const r of [wrongUser, wrongPassword, disabledRight]) expect(r.headers.getSetCookie()).toEqual([]);
  });
});

describe('per-address throttle', () => {
  let small: TestContext;
  beforeAll(async () => {
    small = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true', LOGIN_MAX_PER_CLIENT: '4' } });
  });
  afterAll(async () => {
    await small.close();
  });

  it('more than LOGIN_MAX_PER_CLIENT attempts from one address → 429 with Retry-After, even with the right password', async () => {
    const user = await createStaffUser(small);
    const agent = new Agent(small, '203.0.113.7');
    // Different emails each time: only the address counter can stop them.
    for (let i = 0; i < 4; i++) expect((await agent.signIn(uniqueEmail(), 'guess')).status).toBe(401);
    expectThrottled(await agent.signIn(user.email));
    expect(await sessionsOf(small, user.email)).toEqual([]);
    // Asking for a sign-in link from there is refused too.
    expectThrottled(await agent.post('/desk/sign-in/link', { email: user.email }));
    // Another address is not affected.
    expect((await new Agent(small, '198.51.100.9').signIn(user.email)).status).toBe(303);
    const scopes = await small.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.throttled').execute();
    expect(scopes.map((r) => (r.detail as { scope: string }).scope)).toEqual(['client', 'client']);
  });
});

describe('a newsroom behind one address', () => {
  it('with the default limits, twenty people on one address each make a typo and sign in — nobody gets a 429', async () => {
    const people: string[] = DEMO_STAFF.map((s) => s.email);
    while (people.length < 20) people.push((await createStaffUser(t)).email);
    const address = '192.0.2.50';
    const statuses: number[] = [];
    for (const email of people) {
      const desk = new Agent(t, address);
      statuses.push((await desk.signIn(email, 'pressdesk-dmeo')).status);
      statuses.push((await desk.signIn(email)).status);
    }
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.filter((s) => s === 303)).toHaveLength(people.length);
  });
});

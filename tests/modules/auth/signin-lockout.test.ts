import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { linkRequestFrom, serveOverHttp, signInFrom, type HttpAnswer, type LoopbackServer } from '../../helpers/loopback-http.js';
import { createStaffUser, DEMO_PASSWORD } from './cookie-jar.js';

// Nobody can lock an officer out. The app is served over real HTTP on
// 127.0.0.1 and every party speaks from a loopback address of its own
// (127.0.0.2 the attacker, 127.0.0.3 the officer …), so the service tells
// them apart by their sockets, with no X-Forwarded-For involved.

function expectRefusedForThisClient(res: HttpAnswer) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(res.headers['set-cookie']).toBeUndefined();
}

async function failuresOf(t: TestContext, userId: string) {
  const rows = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.sign_in_failed').where('target_id', '=', userId).orderBy('id').execute();
  return rows.map((r) => r.detail as { reason: string; delayedMs?: number });
}

describe('with the default limits', () => {
  let t: TestContext;
  let http: LoopbackServer;
  beforeAll(async () => {
    t = await buildTestContext({ seed: false });
    http = await serveOverHttp(t);
  });
  afterAll(async () => {
    await http.close();
    await t.close();
  });

  it('fifty wrong passwords from one address get 429 there after LOGIN_MAX_PER_ACCOUNT_CLIENT, and the officer signs in from another address at once', async () => {
    const officer = await createStaffUser(t);
    const max = t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT;
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await signInFrom(http.baseUrl, '127.0.0.2', officer.email, `guess-${i}`);
      statuses.push(res.status);
      if (i >= max) expectRefusedForThisClient(res);
    }
    expect(statuses.slice(0, max)).toEqual(Array(max).fill(401));
    // The attacker stays refused there even with the right password …
    expectRefusedForThisClient(await signInFrom(http.baseUrl, '127.0.0.2', officer.email, DEMO_PASSWORD));
    // … while the officer, elsewhere, is not held up.
    const own = await signInFrom(http.baseUrl, '127.0.0.3', officer.email, DEMO_PASSWORD);
    expect(own.status).toBe(303);
    expect(String(own.headers['set-cookie'])).toMatch(/pd_session=[A-Za-z0-9_-]{43}/);
    expect(own.ms).toBeLessThan(5_000);
  });

  it('a flood of sign-in link requests from one address: that address gets 429, and the officer asking from another address gets an email', async () => {
    const officer = await createStaffUser(t);
    const perPair = t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT;
    const statuses: number[] = [];
    // An attacker address of its own (127.0.0.2 has used up its per-client count above).
    for (let i = 0; i < 20; i++) statuses.push((await linkRequestFrom(http.baseUrl, '127.0.0.4', officer.email)).status);
    expect(statuses).toEqual([...Array(perPair).fill(200), ...Array(20 - perPair).fill(429)]);
    await t.runJobs(); // looks the address up, queues the email and sends it over SMTP
    const toOfficer = () => t.smtp!.received.filter((m) => m.envelope.to.includes(officer.email));
    // The flood's first request was honoured; the rest hit the one-a-minute cap, so the inbox got one message.
    expect(toOfficer()).toHaveLength(1);

    const own = await linkRequestFrom(http.baseUrl, '127.0.0.5', officer.email);
    expect(own.status).toBe(200);
    await t.runJobs();
    const mails = toOfficer();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.parsed.text).toMatch(/\/desk\/sign-in\/link\/[A-Za-z0-9_-]{43}/);
    const capped = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.throttled').execute();
    expect(capped.filter((r) => (r.detail as { scope: string }).scope === 'link_email')).toHaveLength(perPair - 1);
  });
});

describe('an account attacked from many addresses', () => {
  let t: TestContext;
  let http: LoopbackServer;
  const SLOWDOWN_MAX_MS = 800;
  beforeAll(async () => {
    t = await buildTestContext({ seed: false, smtp: false, env: { LOGIN_SLOWDOWN_AFTER: '4', LOGIN_SLOWDOWN_MAX_MS: String(SLOWDOWN_MAX_MS) } });
    http = await serveOverHttp(t);
  });
  afterAll(async () => {
    await http.close();
    await t.close();
  });

  it('is slowed down for everyone, up to LOGIN_SLOWDOWN_MAX_MS, never refused: the officer signs in, and that ends the slow-down', async () => {
    const officer = await createStaffUser(t);
    const attackers = ['127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13'];
    const perPair = t.config.LOGIN_MAX_PER_ACCOUNT_CLIENT;
    // Four addresses in parallel, each staying within its own per-(account, client) limit.
    const answers = await Promise.all(
      attackers.map(async (from) => {
        const statuses: number[] = [];
        for (let i = 0; i < perPair; i++) statuses.push((await signInFrom(http.baseUrl, from, officer.email, `guess-${i}`)).status);
        return statuses;
      }),
    );
    expect(answers.flat()).toEqual(Array(attackers.length * perPair).fill(401));
    const delays = (await failuresOf(t, officer.id)).map((f) => f.delayedMs ?? 0);
    expect(delays.filter((d) => d === 0)).toHaveLength(t.config.LOGIN_SLOWDOWN_AFTER);
    expect(Math.max(...delays)).toBe(SLOWDOWN_MAX_MS);

    const own = await signInFrom(http.baseUrl, '127.0.0.20', officer.email, DEMO_PASSWORD);
    expect(own.status).toBe(303);
    expect(own.ms).toBeGreaterThanOrEqual(SLOWDOWN_MAX_MS);
    expect(own.ms).toBeLessThan(SLOWDOWN_MAX_MS + 4_000);

    expect((await signInFrom(http.baseUrl, '127.0.0.21', officer.email, 'one-more-typo')).status).toBe(401);
    expect((await failuresOf(t, officer.id)).at(-1)).toEqual({ method: 'password', emailDomain: 'example.org', reason: 'wrong_password' });
  });
});

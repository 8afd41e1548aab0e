import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { INDRA, signIn } from '../desk/actions-helpers.js';
import { formFields, postForm, uniqueEmail } from './form-helpers.js';
import { expectProblem } from './problem-assertions.js';

// Intake and acknowledgement floods, with small limits of this file's own; every test comes from its
// own client address (X-Forwarded-For, trusted here) so the counts do not mix.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({
    smtp: false,
    env: { TRUST_PROXY: 'true', INTAKE_MAX_PER_CLIENT: '3', INTAKE_WINDOW_MINUTES: '60', ACK_MAX_PER_ADDRESS_PER_HOUR: '2', FOLLOW_UP_MAX_PER_HOUR: '2' },
  });
});
afterAll(async () => {
  await t.close();
});

let clientSeq = 0;
/** A fresh documentation address per test (TEST-NET-2), so limits are per test. */
const client = () => `198.51.100.${++clientSeq}`;

const api = (ip: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.postJson('/api/inquiries', body, { 'x-forwarded-for': ip, ...headers });
const form = (ip: string, fields: Record<string, string>, lang = 'ms') => postForm(t, fields, { lang, headers: { 'x-forwarded-for': ip } });

function expectRetryAfter(res: Response): number {
  const retry = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retry)).toBe(true);
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60 * 60);
  return retry;
}

describe('intake flood from one client address', () => {
  it('the form and POST /api/inquiries share one count; over it → API 429 problem+json and form 429 page, both with Retry-After, nothing stored', async () => {
    const ip = client();
    expect((await api(ip, validInquiry({ email: uniqueEmail() }))).status).toBe(201);
    expect((await form(ip, formFields())).status).toBe(303);
    expect((await api(ip, validInquiry({ email: uniqueEmail() }))).status).toBe(201);

    const before = await t.counts();
    const refused = await api(ip, validInquiry({ email: uniqueEmail() }));
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    const problem = await expectProblem(refused, 429, 'rate_limited');
    expect(problem.detail).toMatch(/Try again in about \d+ minute/);

    const page = await form(ip, formFields(), 'zh');
    expect(page.status).toBe(429);
    expectRetryAfter(page);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<h1>提交次数过多</h1>');
    expect(html).toMatch(/请约 \d+ 分钟后再试/);
    expect(await t.counts()).toEqual(before);

    // Another address is not affected.
    expect((await api(client(), validInquiry({ email: uniqueEmail() }))).status).toBe(201);
  });

  it('the limit is counted before validation: a flood of invalid bodies is limited too', async () => {
    const ip = client();
    for (let i = 0; i < 3; i++) expect((await api(ip, validInquiry({ email: 'nope' }))).status).toBe(422);
    const res = await api(ip, validInquiry({ email: uniqueEmail() }));
    expect(res.status).toBe(429);
    expectRetryAfter(res);
  });

  it('the Malay form page says when to retry, in Malay', async () => {
    const ip = client();
    for (let i = 0; i < 3; i++) await form(ip, formFields({ name: '' }));
    const res = await form(ip, formFields());
    expect(res.status).toBe(429);
    const minutes = Math.ceil(expectRetryAfter(res) / 60);
    expect(await res.text()).toContain(`Sila cuba lagi dalam kira-kira ${minutes} minit.`);
  });

  it('a retry with the same Idempotency-Key is not counted again (and still gets its answer over the limit)', async () => {
    const ip = client();
    const key = `limit-${randomBytes(8).toString('hex')}`;
    const body = validInquiry({ email: uniqueEmail() });
    const first = await api(ip, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const replay = await api(ip, body, { 'idempotency-key': key });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    }
    // Two more new inquiries fit (3 in all), the next does not.
    expect((await api(ip, validInquiry({ email: uniqueEmail() }))).status).toBe(201);
    expect((await api(ip, validInquiry({ email: uniqueEmail() }))).status).toBe(201);
    expect((await api(ip, validInquiry({ email: uniqueEmail() }))).status).toBe(429);
    const late = await api(ip, body, { 'idempotency-key': key });
    expect(late.status).toBe(201);
    expect((await late.json()).id).toBe((await first.json()).id);
  });

  it('with TRUST_PROXY the entry our proxy appended (the rightmost) is the client; entries the client wrote itself do not count', async () => {
    const shared = '203.0.113.77';
    for (let i = 0; i < 3; i++) expect((await api(`10.0.0.${i}, ${shared}`, validInquiry({ email: uniqueEmail() }))).status).toBe(201);
    expect((await api(`10.0.0.9, ${shared}`, validInquiry({ email: uniqueEmail() }))).status).toBe(429);
  });
});

describe('acknowledgements to one address are capped per hour', () => {
  it('over the cap the inquiry is stored and routed, the officers are alerted, no acknowledgement is queued, and the desk shows why', async () => {
    const email = uniqueEmail('capped');
    const ids: string[] = [];
    // Different client addresses (a newsroom's colleagues), one reporter address; its case does not matter.
    for (const [i, addr] of [email, email.toUpperCase(), email].entries()) {
      const res = await api(client(), validInquiry({ email: addr, subject: `Capped ${i}` }));
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    const acks = await t.db
      .selectFrom('emails')
      .select(['inquiry_id'])
      .where('kind', '=', 'acknowledgement')
      .where('inquiry_id', 'in', ids)
      .execute();
    expect(acks.map((a) => a.inquiry_id).sort()).toEqual([ids[0], ids[1]].sort());
    const third = ids[2]!;
    const alerts = await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', third).execute();
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.kind !== 'acknowledgement')).toBe(true);
    const events = await t.db.selectFrom('inquiry_events').select(['kind', 'data']).where('inquiry_id', '=', third).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['received', 'routed', 'acknowledgement_withheld']);
    expect(events[2]!.data).toMatchObject({ limitPerHour: 2 });
    // The first two have no such event.
    const firstEvents = await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', ids[0]!).execute();
    expect(firstEvents.map((e) => e.kind)).not.toContain('acknowledgement_withheld');

    const session = await signIn(t, INDRA);
    const desk = await t.request(`/desk/inquiries/${third}`, { headers: { cookie: session.cookie } });
    expect(desk.status).toBe(200);
    expect(await desk.text()).toContain('did not send the acknowledgement: this reporter&#39;s address already got 2 in the last hour');
  });
});

describe('follow-ups per status page', () => {
  it('over FOLLOW_UP_MAX_PER_HOUR → 429 page with Retry-After, nothing added', async () => {
    const res = await api(client(), validInquiry({ email: uniqueEmail() }));
    const { statusUrl, id } = await res.json();
    const path = `${new URL(statusUrl).pathname}/follow-up?lang=en`;
    const post = (message: string) => postForm(t, { message }, { path, headers: {} });
    expect((await post('One more thing')).status).toBe(303);
    expect((await post('And another')).status).toBe(303);
    const refused = await post('And a third');
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    expect(await refused.text()).toContain('Too many messages');
    const followUps = await t.db.selectFrom('inquiry_events').select('id').where('inquiry_id', '=', id).where('kind', '=', 'follow_up').execute();
    expect(followUps).toHaveLength(2);
  });
});

describe('the contract documents the limit', () => {
  it('/openapi.json lists 429 for POST /api/inquiries', async () => {
    const doc = await (await t.request('/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/inquiries'].post.responses)).toContain('429');
  });
});

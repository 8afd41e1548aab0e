import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { expectProblem } from '../inquiries/problem-assertions.js';
import { apiQueue, DALE, newTopic, pageHtml, seedInquiries, signIn } from './queue-helpers.js';

let t: TestContext;
let dale: string;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  dale = await signIn(t, DALE);
});
afterAll(async () => {
  await t.close();
});

const refs = (items: { reference: string }[]) => items.map((i) => i.reference).sort();
const search = async (topic: string, q: string) => refs((await apiQueue(t, dale, { topic, q })).items);

describe('the queue: full-text search', () => {
  it('finds an English word in the subject or message, in any case, and nothing else', async () => {
    const topic = await newTopic(t);
    const [subject, message] = await seedInquiries(t, [
      { office: 'china', topic, subject: 'Measles vaccination campaign in Yunnan' },
      { office: 'china', topic, message: 'How many schools joined the Vaccination drive?' },
      { office: 'china', topic, subject: 'Water and sanitation' },
    ]);
    expect(await search(topic, 'vaccination')).toEqual(refs([subject!, message!]));
    expect(await search(topic, 'VACCINATION')).toEqual(refs([subject!, message!]));
    expect(await search(topic, 'measles yunnan')).toEqual(refs([subject!]));
    expect(await search(topic, '"vaccination campaign"')).toEqual(refs([subject!]));
  });

  it("finds the reporter by email address, name and outlet", async () => {
    const topic = await newTopic(t);
    const [byEmail, byName] = await seedInquiries(t, [
      { office: 'china', topic, email: 'li.wei.reporter@caixin.example.com' },
      { office: 'china', topic, name: 'Zhang Xiaoming', outlet: 'Southern Weekly' },
      { office: 'china', topic, email: 'someone.else@caixin.example.com' },
    ]);
    expect(await search(topic, 'li.wei.reporter@caixin.example.com')).toEqual(refs([byEmail!]));
    expect(await search(topic, 'Xiaoming')).toEqual(refs([byName!]));
    expect(await search(topic, 'southern weekly')).toEqual(refs([byName!]));
  });

  it('finds Chinese text by a substring (trigrams), through the API and the page', async () => {
    const topic = await newTopic(t);
    const [subject, message] = await seedInquiries(t, [
      { office: 'china', topic, language: 'zh', subject: '儿童保护问题' },
      { office: 'china', topic, language: 'zh', subject: '采访请求', message: '我们想了解农村儿童保护的情况。' },
      { office: 'china', topic, language: 'zh', subject: '营养问题' },
    ]);
    expect(await search(topic, '儿童保护')).toEqual(refs([subject!, message!]));
    expect(await search(topic, '儿童')).toEqual(refs([subject!, message!]));
    expect(await search(topic, '营养')).toHaveLength(1);
    const { res, html } = await pageHtml(t, dale, { topic, q: '儿童保护' });
    expect(res.status).toBe(200);
    expect(html).toContain(`>${subject!.reference}</a>`);
    expect(html).toContain('儿童保护问题');
    expect(html).toContain('value="儿童保护"');
  });
});

describe('injection strings in search, filter and sort parameters are data', () => {
  it('SQL and LIKE metacharacters in q (\' or 1=1 --, %, _, \\) match only literally', async () => {
    const topic = await newTopic(t);
    const [plain, fifty, , underscore, , backslash] = await seedInquiries(t, [
      { office: 'china', topic, subject: 'Plain question one' },
      { office: 'china', topic, subject: 'Budget cut by 50% this year' },
      { office: 'china', topic, subject: 'Budget cut by 500 units' },
      { office: 'china', topic, subject: 'Code qz_wk here' },
      { office: 'china', topic, subject: 'Code qzAwk here' },
      { office: 'china', topic, subject: 'Path C:\\temp\\x' },
      { office: 'china', topic, subject: 'Path C:tempx' },
    ]);
    for (const q of ["' or 1=1 --", "'; drop table inquiries; --", '%', '_', '\\', '%%%', '___', 'abc\\', "') or ('1'='1"]) {
      expect(await search(topic, q), q).toEqual([]);
      const { res } = await pageHtml(t, dale, { topic, q });
      expect(res.status, q).toBe(200);
    }
    // Echoed into the search box as text, never as markup.
    const echoed = await pageHtml(t, dale, { topic, q: '"><script>alert(1)</script>' });
    expect(echoed.html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(echoed.html).not.toContain('<script>alert(1)');
    expect(await search(topic, '50%')).toEqual(refs([fifty!]));
    expect(await search(topic, 'qz_wk')).toEqual(refs([underscore!]));
    expect(await search(topic, 'C:\\temp')).toEqual(refs([backslash!]));
    expect(await search(topic, 'plain')).toEqual(refs([plain!]));
    // NUL and other control characters are dropped, not sent to Postgres.
    expect(await search(topic, 'plain\u0000\r\n')).toEqual(refs([plain!]));
    const { count } = await t.db.selectFrom('inquiries').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBeGreaterThanOrEqual(7);
  });

  it('an injection string as a topic filter is a value that matches nothing', async () => {
    const topic = await newTopic(t);
    await seedInquiries(t, [{ office: 'china', topic }]);
    const body = await apiQueue(t, dale, { topic: "' or 1=1 --" });
    expect(body.items).toEqual([]);
    expect(body.counts).toEqual({ new: 0, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
  });

  it('injection strings in country, office, language, view and status → 422 naming the field', async () => {
    for (const [field, value] of [
      ['country', "' or 1=1 --"],
      ['office', "x' or '1'='1"],
      ['language', "en' --"],
      ['view', 'mine; drop table inquiries'],
      ['status', "new' or 'x'='x"],
      ['status', 'bogus'],
    ] as const) {
      const res = await t.request(`/api/staff/inquiries?${new URLSearchParams({ [field]: value })}`, { headers: { cookie: dale } });
      await expectProblem(res, 422, 'validation_failed', [field]);
      const page = await pageHtml(t, dale, { [field]: value });
      expect(page.res.status).toBe(422);
      expect(page.res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('an unknown sort key → 400 problem (API) and a 400 page; the known one works', async () => {
    for (const sort of ['subject', 'due; drop table inquiries', "due' --", 'id desc']) {
      const res = await t.request(`/api/staff/inquiries?${new URLSearchParams({ sort })}`, { headers: { cookie: dale } });
      const problem = await expectProblem(res, 400, 'bad_request');
      expect(problem.detail).toMatch(/sort/);
      expect((await pageHtml(t, dale, { sort })).res.status).toBe(400);
    }
    expect((await t.request('/api/staff/inquiries?sort=due', { headers: { cookie: dale } })).status).toBe(200);
  });

  it('a forged or garbled cursor, an unknown or repeated parameter → 422', async () => {
    const forged = Buffer.from(JSON.stringify([0, "2026-01-01' or 1=1 --", 'x'])).toString('base64url');
    for (const [qs, field] of [
      [`after=${forged}`, 'after'],
      ['after=not*base64', 'after'],
      ['after=AAAA', 'after'],
      ['limit=1000', 'limit'],
      ['status=new&status=open', 'status'],
    ] as const) {
      const res = await t.request(`/api/staff/inquiries?${qs}`, { headers: { cookie: dale } });
      await expectProblem(res, 422, 'validation_failed', [field]);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { expectProblem } from '../inquiries/problem-assertions.js';
import { ADMIN, allPages, apiQueue, DALE, JUANA, newTopic, pageHtml, signIn } from './queue-helpers.js';

let t: TestContext;
let dale: string;
let juana: string;
let admin: string;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  [dale, juana, admin] = await Promise.all([signIn(t, DALE), signIn(t, JUANA), signIn(t, ADMIN)]);
});
afterAll(async () => {
  await t.close();
});

/** A Malaysian and a Chinese reporter's inquiries, through the public API, with words of their own. */
async function twoInquiries() {
  const word = `kelantan${randomBytes(4).toString('hex')}`;
  const topic = await newTopic(t);
  const myEmail = `reporter-${word}@thestar.example.com`;
  const post = async (body: Record<string, unknown>) => {
    const res = await t.postJson('/api/inquiries', validInquiry({ topic, ...body }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; reference: string; office: { code: string } };
  };
  const my = await post({ country: 'MY', email: myEmail, subject: `Floods in ${word}`, message: `Relief for ${word} and 儿童保护问题 there` });
  const cn = await post({ country: 'CN', email: `reporter-${word}@caixin.example.com`, subject: `Floods near ${word}`, message: '儿童保护问题 in Henan' });
  expect(my.office.code).toBe('malaysia');
  expect(cn.office.code).toBe('china');
  return { word, topic, myEmail, my, cn };
}

describe('the queue shows another office nothing', () => {
  it('the China officer never sees a Malaysia inquiry in any view, filter, search, page or count', async () => {
    const { word, topic, myEmail, my, cn } = await twoInquiries();
    const queries: Record<string, string>[] = [
      {},
      { topic },
      { q: word },
      { q: myEmail },
      { q: '儿童保护' },
      { q: 'floods' },
      { office: 'malaysia' },
      { country: 'MY' },
      { status: 'new' },
      { language: 'en' },
    ];
    for (const view of ['mine', 'unassigned', 'offices']) {
      for (const query of queries) {
        const label = JSON.stringify({ view, ...query });
        const { items } = await allPages(t, dale, { view, ...query });
        expect(items.filter((i) => i.office.code !== 'china'), label).toEqual([]);
        expect(items.map((i) => i.id), label).not.toContain(my.id);
        const { html } = await pageHtml(t, dale, { view, ...query });
        expect(html, label).not.toContain(my.reference);
        expect(html, label).not.toContain(my.id);
      }
    }
    // The China inquiry is found by the same searches: the searches work, only access differs.
    expect((await apiQueue(t, dale, { q: word })).items.map((i) => i.id)).toEqual([cn.id]);
    expect((await apiQueue(t, dale, { q: '儿童保护', topic })).items.map((i) => i.id)).toEqual([cn.id]);
    // Counts: Dale's search counts only China's inquiry; Malaysia's officer counts only hers.
    expect((await apiQueue(t, dale, { q: word })).counts).toEqual({ new: 1, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
    expect((await apiQueue(t, dale, { q: myEmail })).counts).toEqual({ new: 0, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
    expect((await apiQueue(t, dale, { office: 'malaysia' })).counts).toEqual({ new: 0, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
    expect((await apiQueue(t, juana, { q: word })).items.map((i) => i.id)).toEqual([my.id]);
    expect((await apiQueue(t, juana, { q: myEmail })).counts).toEqual({ new: 1, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
  });

  it('an admin sees every office in lists, searches and counts', async () => {
    const { word, topic, my, cn } = await twoInquiries();
    expect((await apiQueue(t, admin, { q: word })).items.map((i) => i.id).sort()).toEqual([my.id, cn.id].sort());
    expect((await apiQueue(t, admin, { topic })).counts.new).toBe(2);
    expect((await apiQueue(t, admin, { topic, office: 'malaysia' })).items.map((i) => i.id)).toEqual([my.id]);
    const { html } = await pageHtml(t, admin, { q: word });
    expect(html).toContain(my.reference);
    expect(html).toContain(cn.reference);
    expect(html).toContain('>All offices</a>');
  });

  it('signed out, the page redirects to sign-in and the API answers 401 problem (before reading the query)', async () => {
    for (const cookie of [undefined, 'pd_session=not-a-session', `pd_session=${'A'.repeat(43)}`]) {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      const page = await t.request('/desk?q=floods', { headers });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/desk/sign-in?next=%2Fdesk');
      await expectProblem(await t.request('/api/staff/inquiries', { headers }), 401, 'unauthorized');
      await expectProblem(await t.request('/api/staff/inquiries?sort=bogus&status=x', { headers }), 401, 'unauthorized');
    }
  });

  it('a disabled account loses the queue at once', async () => {
    const cookie = await signIn(t, 'pim.rattanakul@example.org');
    expect((await t.request('/api/staff/inquiries', { headers: { cookie } })).status).toBe(200);
    await t.db.updateTable('staff_users').set({ active: false }).where('email', '=', 'pim.rattanakul@example.org').execute();
    try {
      await expectProblem(await t.request('/api/staff/inquiries', { headers: { cookie } }), 401, 'unauthorized');
    } finally {
      await t.db.updateTable('staff_users').set({ active: true }).where('email', '=', 'pim.rattanakul@example.org').execute();
    }
  });
});

describe('the queue API is documented', () => {
  it('GET /api/staff/inquiries is in /openapi.json with its query parameters and session security', async () => {
    const doc = await (await t.request('/openapi.json')).json();
    const op = doc.paths['/api/staff/inquiries'].get;
    const names = op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort();
    expect(names).toEqual(['query:after', 'query:country', 'query:language', 'query:office', 'query:q', 'query:sort', 'query:status', 'query:topic', 'query:view']);
    expect(op.security).toEqual([{ staffSession: [] }]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '422', '503']);
    expect(doc.components.securitySchemes.staffSession).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { api, DALE, form, formVersion, get, INDRA, JUANA, newInquiry, problemWithoutId, row, signIn, unique } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('GET /desk/inquiries/:id', () => {
  it('shows the reporter, the flags, the routing decision and its reasons, and the due time with the time left', async () => {
    const q = await newInquiry(t, { phone: '+60 3 1234 5678', outletType: 'newspaper', involvesChildren: true, language: 'ms' });
    await t.db.updateTable('inquiries').set({ priority: 'urgent', due_at: new Date(Date.parse(TEST_NOW) + (3 * 60 + 20) * 60_000) }).where('id', '=', q.id).execute();
    const s = await signIn(t, JUANA);
    const res = await get(t, s, `/desk/inquiries/${q.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(q.reference);
    expect(html).toContain(q.subject);
    expect(html).toContain(q.reporterEmail);
    expect(html).toContain('+60 3 1234 5678');
    expect(html).toContain('The Star (newspaper)');
    expect(html).toContain('Urgent');
    expect(html).toContain('Involves children');
    expect(html).toContain('UNICEF Media Malaysia');
    const { routing } = await row(t, q.id);
    expect(routing.reasons.length).toBeGreaterThan(0);
    for (const reason of routing.reasons) expect(html).toContain(reason.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    // Due 13:20 Kuala Lumpur time, 3 h 20 min after the test clock's now.
    expect(html).toContain('Mon, 30 Nov 2026, 13:20 GMT+8');
    expect(html).toContain('3 h 20 min left');

    t.clock.advance(4 * 3_600_000);
    try {
      const later = await signIn(t, JUANA); // the first session went idle meanwhile
      expect(await (await get(t, later, `/desk/inquiries/${q.id}`)).text()).toContain('overdue by 40 min');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('shows the whole thread in order, each entry with its time and actor, emails as subject and text (never their HTML)', async () => {
    const q = await newInquiry(t, { message: 'Line one <b>bold</b>\nLine two' }, { assignee: null });
    const s = await signIn(t, INDRA);
    let html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    t.clock.set(new Date(Date.parse(TEST_NOW) + 60_000));
    expect((await form(t, s, `/desk/inquiries/${q.id}/claim`, { version: formVersion(html) })).status).toBe(303);
    html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    t.clock.set(new Date(Date.parse(TEST_NOW) + 2 * 60_000));
    const note = unique('note text');
    expect((await form(t, s, `/desk/inquiries/${q.id}/note`, { version: formVersion(html), text: note })).status).toBe(303);
    html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    t.clock.set(new Date(Date.parse(TEST_NOW) + 3 * 60_000));
    const answer = unique('the answer');
    expect((await form(t, s, `/desk/inquiries/${q.id}/reply`, { version: formVersion(html), text: answer })).status).toBe(303);
    t.clock.set(TEST_NOW);

    html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    const thread = html.slice(html.indexOf('<ol class="thread">'), html.indexOf('</ol>', html.indexOf('<ol class="thread">')));
    const order = ['sent the inquiry', 'routed it to malaysia', 'Email from <strong>UNICEF Media Malaysia</strong> to ' + q.reporterEmail, 'claimed it', 'added an internal note', note, 'replied to the reporter', answer];
    let at = -1;
    for (const needle of order) {
      const i = thread.indexOf(needle, at + 1);
      expect(i, needle).toBeGreaterThan(at);
      at = i;
    }
    expect(thread).toContain('<time datetime="2026-11-30T02:01:00.000Z">Mon, 30 Nov 2026, 10:01 GMT+8</time> · <strong>Indra Kumari Nadchatram</strong> claimed it');
    expect(thread).toContain('<time datetime="2026-11-30T02:03:00.000Z">Mon, 30 Nov 2026, 10:03 GMT+8</time> · Email from <strong>Indra Kumari Nadchatram</strong>');
    // The reporter's message and every email are text: tags escaped, no email HTML document inside the page.
    expect(html).toContain('Line one &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).not.toMatch(/<!doctype html><html lang="ms"/);
  });

  it('every action form carries the CSRF field and the version it was rendered with', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const s = await signIn(t, INDRA);
    const html = await (await get(t, s, `/desk/inquiries/${q.id}?compose=1`)).text();
    const forms = [...html.matchAll(/<form method="post" action="\/desk\/inquiries\/[^"]+\/(\w+)"[\s\S]*?<\/form>/g)];
    expect(forms.map((f) => f[1]).sort()).toEqual(['assign', 'claim', 'note', 'reply', 'status', 'transfer']);
    const { version } = await row(t, q.id);
    for (const f of forms) {
      expect(f[0]).toContain(`name="_csrf" value="${s.csrf}"`);
      expect(f[0]).toContain(`name="version" value="${version}"`);
    }
  });

  it('unknown, malformed and another office\'s ids are the same 404 page; only the real one is logged and audited as a denial', async () => {
    const q = await newInquiry(t, { country: 'MY' });
    const dale = await signIn(t, DALE);
    const before = t.logs.length;
    const pages = await Promise.all(
      [q.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' or '1'='1"].map((id) => get(t, dale, `/desk/inquiries/${encodeURIComponent(id)}`)),
    );
    const bodies = await Promise.all(pages.map((p) => p.text()));
    expect(pages.map((p) => p.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toContain(q.reference);
    const denials = t.logs.slice(before).filter((l) => l.msg === 'access denied');
    expect(denials).toEqual([expect.objectContaining({ inquiryId: q.id, staffId: dale.userId, level: 40 })]);
    const audits = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('target_id', '=', q.id).execute();
    expect(audits).toEqual([{ action: 'access.denied', actor_id: dale.userId, detail: { action: 'view' } }]);
  });

  it('signed out: the page sends to sign-in, the API answers 401', async () => {
    const q = await newInquiry(t);
    const page = await get(t, null, `/desk/inquiries/${q.id}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/desk/sign-in?next=${encodeURIComponent(`/desk/inquiries/${q.id}`)}`);
    expect((await get(t, null, `/api/staff/inquiries/${q.id}`)).status).toBe(401);
  });

  it('a canned answer of the office pre-fills the reply (a GET parameter, no script)', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const office = (await row(t, q.id)).office_id;
    const body = `Dear reporter, ${unique('canned')} & more`;
    const canned = await t.db.insertInto('canned_answers').values({ office_id: office, title: 'Interview requests', body, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const s = await signIn(t, JUANA);
    const plain = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(plain).toContain(`href="/desk/inquiries/${q.id}?compose=1&amp;canned=${canned.id}#reply"`);
    expect(plain).not.toContain('<textarea id="reply-text"');
    const html = await (await get(t, s, `/desk/inquiries/${q.id}?compose=1&canned=${canned.id}`)).text();
    expect(html).toMatch(new RegExp(`<textarea id="reply-text" name="text" rows="12" required="">\\s*${body.replace('&', '&amp;')}\\s*</textarea>`));
  });

  it('"Y is writing a reply" while a colleague has had the reply form open within the last few minutes', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const juana = await signIn(t, JUANA);
    // No GET changes state: opening pages, even the reply form, records nothing.
    expect((await get(t, juana, `/desk/inquiries/${q.id}?compose=1`)).status).toBe(200);
    expect(await (await get(t, indra, `/desk/inquiries/${q.id}`)).text()).not.toContain('is writing a reply');
    expect(await t.db.selectFrom('desk_presence').select('kind').where('inquiry_id', '=', q.id).execute()).toEqual([]);
    // "Write a reply" is a POST that marks Juana as drafting and opens the form.
    const opened = await form(t, juana, `/desk/inquiries/${q.id}/drafting`, {});
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`/desk/inquiries/${q.id}?compose=1#reply`);
    const html = await (await get(t, indra, `/desk/inquiries/${q.id}`)).text();
    expect(html).toContain('Juana Jaafar is writing a reply (opened the reply form at Mon, 30 Nov 2026, 10:00 GMT+8).');
    // Juana does not warn herself.
    const own = await (await get(t, juana, `/desk/inquiries/${q.id}`)).text();
    expect(own).not.toContain('is writing a reply');

    t.clock.advance(6 * 60_000);
    try {
      expect(await (await get(t, indra, `/desk/inquiries/${q.id}`)).text()).not.toContain('is writing a reply');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });
});

describe('GET /api/staff/inquiries/{id}', () => {
  it('answers the inquiry with its thread and version; another office\'s id is the same 404 problem as a missing one', async () => {
    const q = await newInquiry(t, { country: 'MY' });
    const indra = await signIn(t, INDRA);
    const res = await t.request(`/api/staff/inquiries/${q.id}`, { headers: { cookie: indra.cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: q.id, reference: q.reference, version: 1, status: 'new', office: { code: 'malaysia' }, reporter: { email: q.reporterEmail } });
    expect(body.thread.map((i: { type: string; kind: string }) => `${i.type}:${i.kind}`)).toEqual(
      expect.arrayContaining(['event:received', 'event:routed', 'email:acknowledgement']),
    );
    for (const i of body.thread) expect(JSON.stringify(i)).not.toContain('<!doctype');

    const dale = await signIn(t, DALE);
    const other = await t.request(`/api/staff/inquiries/${q.id}`, { headers: { cookie: dale.cookie } });
    const missing = await t.request('/api/staff/inquiries/00000000-0000-4000-8000-000000000000', { headers: { cookie: dale.cookie } });
    expect([other.status, missing.status]).toEqual([404, 404]);
    expect(await problemWithoutId(other)).toEqual(await problemWithoutId(missing));
  });

  it('POST …/drafting marks the caller as writing a reply', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const juana = await signIn(t, JUANA);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/drafting`, {})).status).toBe(204);
    const indra = await signIn(t, INDRA);
    const body = await (await t.request(`/api/staff/inquiries/${q.id}`, { headers: { cookie: indra.cookie } })).json();
    expect(body.presence).toEqual(expect.arrayContaining([{ name: 'Juana Jaafar', kind: 'drafting', at: TEST_NOW.replace('Z', '.000Z') }]));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { api, contactId, DALE, form, get, INDRA, JUANA, newInquiry, problemWithoutId, row, signIn, unique } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';

async function snapshot(id: string) {
  const [inquiry, events, emails] = await Promise.all([
    row(t, id),
    t.db.selectFrom('inquiry_events').select(['id', 'kind']).where('inquiry_id', '=', id).orderBy('id').execute(),
    t.db.selectFrom('emails').select(['id', 'kind', 'status']).where('inquiry_id', '=', id).orderBy('id').execute(),
  ]);
  return { inquiry, events, emails };
}

describe('another office\'s inquiry is 404, identical to a missing id, for every read and action', () => {
  it('the China lead (Dale) reading, claiming, assigning, transferring, replying to, noting on and changing a Malaysia inquiry → 404 like a missing id; nothing changes; each denial logged and audited', async () => {
    const q = await newInquiry(t, { country: 'MY' }, { assignee: JUANA });
    const dale = await signIn(t, DALE);
    await t.runJobs(); // intake's own emails go out first, so only Dale's attempts could change anything
    const before = await snapshot(q.id);
    const logsBefore = t.logs.length;
    const juanaId = await contactId(t, JUANA);
    const bodies: Record<string, Record<string, unknown>> = {
      claim: { version: 1 },
      assign: { version: 1, contactId: juanaId },
      transfer: { version: 1, office: 'china', reason: 'mine now' },
      reply: { version: 1, text: 'Answer from the wrong office' },
      note: { version: 1, text: 'note from the wrong office' },
      status: { version: 1, status: 'closed' },
    };

    // Reads: the page and the API.
    const [page, pageMissing] = [await get(t, dale, `/desk/inquiries/${q.id}`), await get(t, dale, `/desk/inquiries/${MISSING}`)];
    expect([page.status, pageMissing.status]).toEqual([404, 404]);
    expect(await page.text()).toBe(await pageMissing.text());
    const [read, readMissing] = [
      await t.request(`/api/staff/inquiries/${q.id}`, { headers: { cookie: dale.cookie } }),
      await t.request(`/api/staff/inquiries/${MISSING}`, { headers: { cookie: dale.cookie } }),
    ];
    expect([read.status, readMissing.status]).toEqual([404, 404]);
    expect(await problemWithoutId(read)).toEqual(await problemWithoutId(readMissing));

    // Every action, as a form post and through the API.
    for (const [action, body] of Object.entries(bodies)) {
      const formFields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
      const [f, fMissing] = [await form(t, dale, `/desk/inquiries/${q.id}/${action}`, formFields), await form(t, dale, `/desk/inquiries/${MISSING}/${action}`, formFields)];
      expect([f.status, fMissing.status], action).toEqual([404, 404]);
      expect(await f.text(), action).toBe(await fMissing.text());
      const [a, aMissing] = [await api(t, dale, `/api/staff/inquiries/${q.id}/${action}`, body), await api(t, dale, `/api/staff/inquiries/${MISSING}/${action}`, body)];
      expect([a.status, aMissing.status], action).toEqual([404, 404]);
      expect(await problemWithoutId(a), action).toEqual(await problemWithoutId(aMissing));
    }

    await t.runJobs();
    expect(await snapshot(q.id)).toEqual(before);
    expect(await t.db.selectFrom('desk_presence').select('user_id').where('inquiry_id', '=', q.id).execute()).toEqual([]);

    // Logged (never for the missing id: there is nothing to deny) and audited, once per attempt.
    const denials = t.logs.slice(logsBefore).filter((l) => l.msg === 'access denied');
    const expected = ['view', 'view', ...Object.keys(bodies).flatMap((a) => [a, a])];
    expect(denials.map((d) => d.action)).toEqual(expected);
    for (const d of denials) expect(d).toMatchObject({ inquiryId: q.id, staffId: dale.userId, requestId: expect.any(String) });
    const audits = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('target_id', '=', q.id).orderBy('id').execute();
    expect(audits).toEqual(expected.map((action) => ({ action: 'access.denied', actor_id: dale.userId, detail: { action } })));
  });

  it('the same officer acts on their own office\'s inquiry (the filter is per office, not a blanket refusal)', async () => {
    const q = await newInquiry(t, { country: 'CN', language: 'zh' }, { assignee: null });
    const dale = await signIn(t, DALE);
    expect((await get(t, dale, `/desk/inquiries/${q.id}`)).status).toBe(200);
    expect((await api(t, dale, `/api/staff/inquiries/${q.id}/claim`, { version: 1 })).status).toBe(200);
    expect((await row(t, q.id)).contact_id).toBe(await contactId(t, DALE));
  });
});

describe('internal notes and the assignee never reach the reporter', () => {
  it('a note\'s text is on no reporter page or email; the assignee\'s address is not on the status page', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    const secret = `INTERNAL-${unique()} reporter seems hostile`;
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/note`, { version: 1, text: secret })).status).toBe(200);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/reply`, { version: 2, text: 'Here is our statement.' })).status).toBe(200);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/reply`, { version: 3, text: 'And a follow-up.', status: 'closed' })).status).toBe(200);
    // Staff do see it.
    expect(await (await get(t, juana, `/desk/inquiries/${q.id}`)).text()).toContain(secret);

    const status = await t.request(q.statusUrl.replace('http://pressdesk.test', ''));
    expect(status.status).toBe(200);
    const statusHtml = await status.text();
    expect(statusHtml).toContain(q.reference);
    expect(statusHtml).not.toContain(secret);
    expect(statusHtml).not.toContain('INTERNAL-');
    expect(statusHtml).not.toContain(JUANA);

    const before = t.smtp!.received.length;
    await t.runJobs();
    const toReporter = (await t.smtp!.waitFor(before + 3)).filter((m) => m.envelope.to.includes(q.reporterEmail));
    expect(toReporter.map((m) => m.parsed.subject?.startsWith('Re: ') ? 'reply' : 'ack').sort()).toEqual(['ack', 'reply', 'reply']);
    for (const m of toReporter) {
      expect(m.raw).not.toContain('INTERNAL-');
      expect(m.raw).not.toContain(JUANA);
    }
    const stored = await t.db.selectFrom('emails').select(['html', 'text', 'subject']).where('to_address', '=', q.reporterEmail).execute();
    expect(stored).toHaveLength(3);
    for (const e of stored) expect(`${e.subject}${e.html}${e.text}`).not.toContain('INTERNAL-');
  });
});

describe('canned answers: leads edit them', () => {
  it('a lead lists, creates, updates and deletes the office\'s canned answers, each audited', async () => {
    const indra = await signIn(t, INDRA);
    const title = `Statement ${unique()}`;
    expect((await get(t, indra, '/desk/offices/malaysia/canned')).status).toBe(200);
    expect((await form(t, indra, '/desk/offices/malaysia/canned', { title, body: 'We are aware of the report.' })).status).toBe(303);
    const created = await t.db.selectFrom('canned_answers').select(['id', 'body']).where('title', '=', title).executeTakeFirstOrThrow();
    expect(await (await get(t, indra, '/desk/offices/malaysia/canned')).text()).toContain(title);

    expect((await form(t, indra, `/desk/offices/malaysia/canned/${created.id}`, { title, body: 'Updated text.' })).status).toBe(303);
    expect((await t.db.selectFrom('canned_answers').select('body').where('id', '=', created.id).executeTakeFirstOrThrow()).body).toBe('Updated text.');

    const bad = await form(t, indra, '/desk/offices/malaysia/canned', { title: '', body: 'kept body' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('kept body');

    expect((await form(t, indra, `/desk/offices/malaysia/canned/${created.id}/delete`, {})).status).toBe(303);
    expect(await t.db.selectFrom('canned_answers').select('id').where('id', '=', created.id).execute()).toEqual([]);
    const audits = await t.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', created.id).orderBy('id').execute();
    expect(audits).toEqual(['canned.create', 'canned.update', 'canned.delete'].map((action) => ({ action, actor_id: indra.userId })));
  });

  it('an officer (not a lead), or another office\'s lead, cannot edit them (403, nothing changes); an unknown office is 404', async () => {
    const indra = await signIn(t, INDRA);
    const title = `Keep ${unique()}`;
    await form(t, indra, '/desk/offices/malaysia/canned', { title, body: 'original' });
    const kept = await t.db.selectFrom('canned_answers').select(['id', 'body']).where('title', '=', title).executeTakeFirstOrThrow();
    for (const email of [JUANA, DALE]) {
      const s = await signIn(t, email);
      expect((await get(t, s, '/desk/offices/malaysia/canned')).status, email).toBe(403);
      expect((await form(t, s, '/desk/offices/malaysia/canned', { title: `${title} by ${email}`, body: 'x' })).status, email).toBe(403);
      expect((await form(t, s, `/desk/offices/malaysia/canned/${kept.id}`, { title, body: 'changed' })).status, email).toBe(403);
      expect((await form(t, s, `/desk/offices/malaysia/canned/${kept.id}/delete`, {})).status, email).toBe(403);
    }
    expect(await t.db.selectFrom('canned_answers').select(['id', 'body']).where('title', 'like', `${title}%`).execute()).toEqual([kept]);
    expect((await get(t, indra, '/desk/offices/atlantis/canned')).status).toBe(404);
  });
});

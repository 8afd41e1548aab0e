import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, replyAddressesOf, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { api, auditOf, contactId, DALE, events, form, formVersion, get, INDRA, JUANA, newInquiry, PIM, row, signIn, unique } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});

const page = async (s: Awaited<ReturnType<typeof signIn>>, id: string) => (await get(t, s, `/desk/inquiries/${id}`)).text();

describe('claim', () => {
  it('an officer of the office claims an unassigned inquiry: assigned to them, opened, one event, one audit entry, version bumped', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const juana = await signIn(t, JUANA);
    const version = formVersion(await page(juana, q.id));
    const res = await form(t, juana, `/desk/inquiries/${q.id}/claim`, { version });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/desk/inquiries/${q.id}`);
    const after = await row(t, q.id);
    expect(after.contact_id).toBe(await contactId(t, JUANA));
    expect(after.status).toBe('open');
    expect(after.version).toBe(version + 1);
    const last = (await events(t, q.id)).at(-1)!;
    expect(last.kind).toBe('claimed');
    expect(last.data).toMatchObject({ actorId: juana.userId, actorName: 'Juana Jaafar', version: version + 1, from: null, toName: 'Juana Jaafar' });
    expect(last.created_at.toISOString()).toBe(new Date(TEST_NOW).toISOString());
    const audits = await auditOf(t, q.id);
    expect(audits).toEqual([{ action: 'inquiry.claim', actor_id: juana.userId, detail: { from: null, to: after.contact_id }, client_hash: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
  });

  it('an officer cannot take a colleague\'s inquiry by claiming it (409, nothing changes); the API answers the same', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const juana = await signIn(t, JUANA);
    const res = await api(t, juana, `/api/staff/inquiries/${q.id}/claim`, { version: 1 });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain('Indra Kumari Nadchatram');
    const after = await row(t, q.id);
    expect([after.contact_id, after.version]).toEqual([await contactId(t, INDRA), 1]);
    expect((await events(t, q.id)).map((e) => e.kind)).toEqual(['received', 'routed']);
  });
});

describe('assign', () => {
  it("a lead assigns to a colleague of the office; the assignee is alerted by email, Reply-To the officers' side of the inquiry", async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const juanaId = await contactId(t, JUANA);
    const res = await api(t, indra, `/api/staff/inquiries/${q.id}/assign`, { version: 1, contactId: juanaId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: q.id, version: 2, visible: true, status: 'open', office: { code: 'malaysia', name: 'UNICEF Media Malaysia' }, assignee: { id: juanaId, name: 'Juana Jaafar' } });
    expect((await events(t, q.id)).at(-1)).toMatchObject({ kind: 'assigned', data: { to: juanaId, toName: 'Juana Jaafar', actorName: 'Indra Kumari Nadchatram', version: 2 } });
    expect((await auditOf(t, q.id)).map((a) => a.action)).toEqual(['inquiry.assign']);

    const before = t.smtp!.received.length;
    await t.runJobs();
    const mails = (await t.smtp!.waitFor(before + 1)).slice(before).filter((m) => m.parsed.subject?.startsWith('Assigned to you'));
    expect(mails.map((m) => m.envelope.to)).toEqual([[JUANA]]);
    expect(mails[0]!.parsed.subject).toBe(`Assigned to you: ${q.reference}: ${q.subject}`);
    expect(mails[0]!.parsed.text).toContain(`http://pressdesk.test/desk/inquiries/${q.id}`);
    expect(mails[0]!.parsed.replyTo?.value.map((a) => a.address)).toEqual([(await replyAddressesOf(t, q.id)).staff]);
  });

  it('an officer (not a lead) may only claim: assigning is 403 and changes nothing; the refusal is audited', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const juana = await signIn(t, JUANA);
    const res = await form(t, juana, `/desk/inquiries/${q.id}/assign`, { version: 1, contactId: await contactId(t, INDRA) });
    expect(res.status).toBe(403);
    const after = await row(t, q.id);
    expect([after.contact_id, after.version]).toEqual([null, 1]);
    expect(await auditOf(t, q.id)).toEqual([expect.objectContaining({ action: 'access.denied', actor_id: juana.userId, detail: { action: 'assign', reason: 'role' } })]);
    // And the page offers no assign form to an officer.
    expect(await page(juana, q.id)).not.toContain(`/desk/inquiries/${q.id}/assign`);
  });

  it('only to a member of the inquiry\'s office (422)', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const res = await api(t, indra, `/api/staff/inquiries/${q.id}/assign`, { version: 1, contactId: await contactId(t, DALE) });
    expect(res.status).toBe(422);
    expect((await row(t, q.id)).contact_id).toBeNull();
  });
});

describe('transfer', () => {
  it('moves the inquiry to another office with the reason, alerts its inbox and duty officer, and it leaves the officer\'s view', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    const reason = `Regional story ${unique()}`;
    const res = await form(t, juana, `/desk/inquiries/${q.id}/transfer`, { version: formVersion(await page(juana, q.id)), office: 'eapro', reason });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    const after = await row(t, q.id);
    const eapro = await t.db.selectFrom('offices').select('id').where('code', '=', 'eapro').executeTakeFirstOrThrow();
    expect([after.office_id, after.contact_id, after.version]).toEqual([eapro.id, null, 2]);
    expect((await events(t, q.id)).at(-1)).toMatchObject({ kind: 'transferred', data: { from: 'malaysia', to: 'eapro', reason, actorName: 'Juana Jaafar' } });
    expect((await auditOf(t, q.id)).map((a) => [a.action, a.detail])).toEqual([['inquiry.transfer', { from: 'malaysia', to: 'eapro' }]]);

    // Juana is not in the regional office: the inquiry is now another office's, 404 like any other.
    expect((await get(t, juana, `/desk/inquiries/${q.id}`)).status).toBe(404);
    const pim = await signIn(t, PIM);
    expect(await page(pim, q.id)).toContain(reason);

    const before = t.smtp!.received.length;
    await t.runJobs();
    const mails = (await t.smtp!.waitFor(before + 2)).slice(before).filter((m) => m.parsed.subject?.startsWith('Transferred'));
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(['media.eapro@example.org', PIM]);
    const { staff } = await replyAddressesOf(t, q.id);
    for (const m of mails) {
      expect(m.parsed.subject).toContain(`Transferred to UNICEF East Asia and Pacific Regional Office: ${q.reference}`);
      expect(m.parsed.text).toContain(reason);
      expect(m.parsed.replyTo?.value.map((a) => a.address)).toEqual([staff]);
    }
  });

  it('needs a reason and another active office (422, nothing changes)', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    for (const body of [{ version: 1, office: 'eapro', reason: '   ' }, { version: 1, office: 'malaysia', reason: 'x' }, { version: 1, office: 'nowhere', reason: 'x' }]) {
      expect((await api(t, juana, `/api/staff/inquiries/${q.id}/transfer`, body)).status).toBe(422);
    }
    // The form comes back with the typed reason kept and the error shown.
    const res = await form(t, juana, `/desk/inquiries/${q.id}/transfer`, { version: 1, office: 'malaysia', reason: 'kept reason' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('office: is the office it is with already');
    expect(html).toContain('value="kept reason"');
    expect((await row(t, q.id)).version).toBe(1);
  });
});

describe('note and status', () => {
  it('a note is an event with its text, audited without it', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    const text = `Called the reporter back ${unique()}`;
    const res = await api(t, juana, `/api/staff/inquiries/${q.id}/note`, { version: 1, text });
    expect(res.status).toBe(200);
    expect((await res.json()).version).toBe(2);
    expect((await events(t, q.id)).at(-1)).toMatchObject({ kind: 'note', data: { text, actorName: 'Juana Jaafar', version: 2 } });
    const audits = await auditOf(t, q.id);
    expect(audits.map((a) => a.action)).toEqual(['inquiry.note']);
    expect(JSON.stringify(audits)).not.toContain(text);
  });

  it('status goes through new, open, waiting, answered, closed; the same status again or an unknown one is 422', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    let version = 1;
    for (const status of ['open', 'waiting', 'answered', 'closed', 'new'] as const) {
      const res = await form(t, juana, `/desk/inquiries/${q.id}/status`, { version, status });
      expect(res.status, status).toBe(303);
      version++;
      expect((await row(t, q.id)).status).toBe(status);
    }
    expect((await events(t, q.id)).filter((e) => e.kind === 'status_changed').map((e) => [e.data.from, e.data.to])).toEqual([
      ['new', 'open'],
      ['open', 'waiting'],
      ['waiting', 'answered'],
      ['answered', 'closed'],
      ['closed', 'new'],
    ]);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/status`, { version, status: 'new' })).status).toBe(422);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/status`, { version, status: 'archived' })).status).toBe(422);
    expect((await row(t, q.id)).version).toBe(version);
  });

  it('a body without the version, or with unknown fields, is 422', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/note`, { text: 'no version' })).status).toBe(422);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/note`, { version: 1, text: 'x', office: 'china' })).status).toBe(422);
    expect((await row(t, q.id)).version).toBe(1);
  });
});

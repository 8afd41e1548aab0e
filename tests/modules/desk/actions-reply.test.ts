import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateLinks } from '../../../src/lib/link-tokens.js';
import { sha256 } from '../../../src/lib/tokens.js';
import { buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { api, auditOf, events, form, formVersion, get, INDRA, JUANA, newInquiry, row, signIn, unique } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const page = async (s: Awaited<ReturnType<typeof signIn>>, id: string) => (await get(t, s, `/desk/inquiries/${id}`)).text();

async function sentReplies(reference: string, atLeast: number) {
  await t.runJobs();
  const all = await t.smtp!.waitFor(atLeast);
  return all.filter((m) => m.parsed.subject?.startsWith('Re: ') && m.parsed.subject.includes(reference));
}

describe('reply', () => {
  it('emails the reporter from the service with the officer\'s name, Reply-To reply+token, threaded under the acknowledgement, signed', async () => {
    const q = await newInquiry(t, { language: 'ms', message: 'Boleh terangkan?' }, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    const text = `Terima kasih atas soalan anda. <script>alert(1)</script> ${unique()}`;
    const res = await form(t, indra, `/desk/inquiries/${q.id}/reply`, { version: formVersion(await page(indra, q.id)), text });
    expect(res.status).toBe(303);

    const after = await row(t, q.id);
    const replyToken = privateLinks(t.config, after).replyReporterToken;
    expect(replyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after.reply_hash).toBe(sha256(replyToken));
    expect(after.status).toBe('answered');
    expect(after.first_response_at?.toISOString()).toBe(new Date(TEST_NOW).toISOString());
    expect(after.version).toBe(2);
    const event = (await events(t, q.id)).at(-1)!;
    expect(event).toMatchObject({ kind: 'replied', data: { status: 'answered', actorName: 'Indra Kumari Nadchatram', version: 2 } });
    const audits = await auditOf(t, q.id);
    expect(audits).toEqual([expect.objectContaining({ action: 'inquiry.reply', actor_id: indra.userId, detail: { emailId: event.data.emailId, status: 'answered' } })]);
    expect(JSON.stringify(audits)).not.toContain('Terima kasih');

    const ack = await t.db.selectFrom('emails').select('message_id').where('inquiry_id', '=', q.id).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    const [mail, ...more] = await sentReplies(q.reference, 1);
    expect(more).toHaveLength(0);
    expect(mail!.envelope.to).toEqual([q.reporterEmail]);
    expect(mail!.envelope.from).toBe('press@pressdesk.test');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Indra Kumari Nadchatram', address: 'press@pressdesk.test' }]);
    expect(mail!.parsed.replyTo?.value).toEqual([{ name: '', address: `reply+${replyToken}@pressdesk.test` }]);
    expect(mail!.parsed.inReplyTo).toBe(ack.message_id);
    expect(mail!.parsed.references).toBe(ack.message_id);
    expect(mail!.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(mail!.parsed.subject).toBe(`Re: ${q.subject} [${q.reference}]`);
    // The officer's words, then the signature from the directory, in the inquiry's language.
    expect(mail!.parsed.text).toContain(`${text}\n\n-- \nIndra Kumari Nadchatram\nUNICEF Media Malaysia\nTel. +6012 292 6872\n`);
    expect(mail!.parsed.text).toContain(`Nombor rujukan: ${q.reference}`);
    expect(mail!.parsed.text).toContain(q.statusUrl);
    expect(mail!.parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail!.parsed.html).not.toContain('<script>');
  });

  it('a second reply keeps the reply address and the first response time; the officer can pick the status', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    expect((await api(t, indra, `/api/staff/inquiries/${q.id}/reply`, { version: 1, text: 'First answer.' })).status).toBe(200);
    const first = await row(t, q.id);
    t.clock.advance(30 * 60_000);
    try {
      const res = await api(t, indra, `/api/staff/inquiries/${q.id}/reply`, { version: 2, text: 'Could you send your questions in writing?', status: 'waiting' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ version: 3, status: 'waiting' });
    } finally {
      t.clock.set(TEST_NOW);
    }
    const second = await row(t, q.id);
    expect(second.link_nonce).toBe(first.link_nonce);
    const address = privateLinks(t.config, first).reporterReplyTo;
    expect(second.first_response_at).toEqual(first.first_response_at);
    expect(second.status).toBe('waiting');
    const replies = await t.db.selectFrom('emails').select(['reply_to', 'from_name']).where('inquiry_id', '=', q.id).where('kind', '=', 'reply').execute();
    expect(replies).toEqual([
      { reply_to: address, from_name: 'Indra Kumari Nadchatram' },
      { reply_to: address, from_name: 'Indra Kumari Nadchatram' },
    ]);
  });

  it('an empty reply is 422 and the page keeps the form', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    const res = await form(t, indra, `/desk/inquiries/${q.id}/reply`, { version: 1, text: '   ' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Text: must not be empty');
    expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'reply').execute()).toEqual([]);
  });
});

describe('collision detection', () => {
  it('two officers open the page, one replies; the other\'s reply is not sent: a warning, the text kept, and "send anyway" with the new version', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const juana = await signIn(t, JUANA);
    const indraVersion = formVersion(await page(indra, q.id));
    const juanaVersion = formVersion(await page(juana, q.id));
    expect(indraVersion).toBe(juanaVersion);

    t.clock.set(new Date(Date.parse(TEST_NOW) + 5 * 60_000));
    try {
      expect((await form(t, juana, `/desk/inquiries/${q.id}/reply`, { version: juanaVersion, text: 'Juana answers first.' })).status).toBe(303);
      const mine = `Indra answers ${unique()} <em>typed</em>`;
      const res = await form(t, indra, `/desk/inquiries/${q.id}/reply`, { version: indraVersion, text: mine, status: 'waiting' });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toContain('Juana Jaafar replied at Mon, 30 Nov 2026, 10:05 GMT+8 since you opened this page.');
      expect(html).toContain(mine.replace('<em>', '&lt;em&gt;').replace('</em>', '&lt;/em&gt;'));
      expect(html).toContain('<option value="waiting" selected="">');
      expect(html).toContain('Send reply anyway');
      expect(formVersion(html)).toBe(indraVersion + 1);

      // Nothing of Indra's went out, and the inquiry is as Juana left it.
      const replies = () => t.db.selectFrom('emails').select(['from_name']).where('inquiry_id', '=', q.id).where('kind', '=', 'reply').orderBy('from_name', 'desc').execute();
      expect(await replies()).toEqual([{ from_name: 'Juana Jaafar' }]);
      expect((await row(t, q.id)).version).toBe(indraVersion + 1);
      expect((await events(t, q.id)).filter((e) => e.kind === 'replied')).toHaveLength(1);

      // "Send anyway" posts the version the warning was shown with.
      expect((await form(t, indra, `/desk/inquiries/${q.id}/reply`, { version: formVersion(html), text: mine, status: 'waiting' })).status).toBe(303);
      expect(await replies()).toEqual([{ from_name: 'Juana Jaafar' }, { from_name: 'Indra Kumari Nadchatram' }]);
      expect((await row(t, q.id)).status).toBe('waiting');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('any change since the page was loaded (a note, an assignment) stops a reply; the API answers 409 and sends nothing', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const juana = await signIn(t, JUANA);
    expect((await api(t, juana, `/api/staff/inquiries/${q.id}/note`, { version: 1, text: 'checking with programme' })).status).toBe(200);
    const res = await api(t, indra, `/api/staff/inquiries/${q.id}/reply`, { version: 1, text: 'Blind answer' });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toContain('Juana Jaafar (note)');
    expect(problem.detail).toContain('version 2');
    expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'reply').execute()).toEqual([]);
    expect((await auditOf(t, q.id)).map((a) => a.action)).toEqual(['inquiry.note']);

    // A stale claim is refused the same way, with the warning on the page.
    const stale = await form(t, indra, `/desk/inquiries/${q.id}/claim`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Juana Jaafar added an internal note at Mon, 30 Nov 2026, 10:00 GMT+8 since you opened this page.');
    expect((await row(t, q.id)).contact_id).toBeNull();
  });

  it('two replies posted at the same moment with the same version: one is sent, the other is 409 (the row lock decides)', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    const indra = await signIn(t, INDRA);
    const juana = await signIn(t, JUANA);
    const results = await Promise.all([
      api(t, indra, `/api/staff/inquiries/${q.id}/reply`, { version: 1, text: 'Indra at once' }),
      api(t, juana, `/api/staff/inquiries/${q.id}/reply`, { version: 1, text: 'Juana at once' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'reply').execute()).toHaveLength(1);
    expect((await row(t, q.id)).version).toBe(2);
  });

  it('sending the reply clears the officer\'s "writing a reply" marker', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    const indra = await signIn(t, INDRA);
    expect((await form(t, juana, `/desk/inquiries/${q.id}/drafting`, {})).status).toBe(303);
    const html = await (await get(t, juana, `/desk/inquiries/${q.id}?compose=1`)).text();
    expect(await page(indra, q.id)).toContain('Juana Jaafar is writing a reply');
    expect((await form(t, juana, `/desk/inquiries/${q.id}/reply`, { version: formVersion(html), text: 'Done.' })).status).toBe(303);
    expect(await page(indra, q.id)).not.toContain('Juana Jaafar is writing a reply');
  });
});

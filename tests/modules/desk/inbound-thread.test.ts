import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { get, INDRA, JUANA, newInquiry, signIn } from './actions-helpers.js';
import { insertEvent, insertInbound, threadOf } from './inbound-helpers.js';

// The desk renders what the inbound pipeline writes into an inquiry's history.
// Every string below that a sender controls carries markup: it must come out as text.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const SCRIPT = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

describe('mail that came back in, on the desk inquiry page', () => {
  it("a reporter's emailed reply: their new words, the whole email one click away, the files as links, the status move; all escaped", async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const visible = `Yes, the figures are fine ${SCRIPT}`;
    const full = `${visible}\n\nOn Mon, Juana wrote:\n> Quoted <b>history</b> line\n\n-- \nMei Ling, The Star`;
    const inboundId = await insertInbound(t, { inquiryId: q.id, from: q.reporterEmail, visible, full });
    const fileId = randomUUID();
    await insertEvent(t, q.id, 'follow_up', {
      message: visible,
      source: 'email',
      inboundMessageId: inboundId,
      actorName: `Mei Ling ${SCRIPT}`,
      from: 'answered',
      to: 'reporter_replied',
      attachments: [{ id: fileId, filename: `<img src=x onerror=alert(1)>.pdf`, size: 20_480, contentType: 'application/pdf' }],
    });
    await t.db.updateTable('inquiries').set({ status: 'reporter_replied' }).where('id', '=', q.id).execute();

    const html = await (await get(t, await signIn(t, JUANA), `/desk/inquiries/${q.id}`)).text();
    const thread = threadOf(html);
    expect(thread).toContain(`<strong>Mei Ling ${ESCAPED}</strong> replied by email; status Answered → Reporter replied`);
    expect(thread).toContain(`<p class="pre reporter-reply">Yes, the figures are fine ${ESCAPED}</p>`);
    // The whole email (quoted history, signature) behind a <details>, as text.
    expect(thread).toMatch(/<details class="full-text"><summary>Show the whole email[^<]*<\/summary><p class="pre">Yes, the figures/);
    expect(thread).toContain('&gt; Quoted &lt;b&gt;history&lt;/b&gt; line');
    expect(thread).toContain(`<a href="/desk/attachments/${fileId}" download="&lt;img src=x onerror=alert(1)&gt;.pdf">&lt;img src=x onerror=alert(1)&gt;.pdf</a>`);
    expect(thread).toContain('20 KB, application/pdf');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>history</b>');
    expect(html).toContain('Status: Reporter replied');
  });

  it('a reply without quoted history has nothing more to show; a message of another inquiry is never shown', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const other = await newInquiry(t, {}, { assignee: JUANA });
    const own = await insertInbound(t, { inquiryId: q.id, visible: 'Short answer.', full: 'Short answer.' });
    const foreign = await insertInbound(t, { inquiryId: other.id, visible: 'x', full: 'SECRET of another inquiry' });
    await insertEvent(t, q.id, 'follow_up', { message: 'Short answer.', source: 'email', inboundMessageId: own, actorName: 'Reporter' });
    await insertEvent(t, q.id, 'follow_up', { message: 'Claimed one', source: 'email', inboundMessageId: foreign, actorName: 'Reporter' });
    const html = await (await get(t, await signIn(t, JUANA), `/desk/inquiries/${q.id}`)).text();
    expect(threadOf(html)).toContain('Short answer.');
    expect(html).not.toContain('full-text');
    expect(html).not.toContain('SECRET of another inquiry');
  });

  it("an officer's emailed answer and #note are marked by email; the note's words are shown as text", async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const a = await insertInbound(t, { inquiryId: q.id, side: 'staff', visible: 'The answer', full: 'The answer\n> old' });
    const n = await insertInbound(t, { inquiryId: q.id, side: 'staff', visible: `#note check ${SCRIPT}` });
    const base = { source: 'email', actorId: randomUUID(), actorName: 'Juana Jaafar' };
    await insertEvent(t, q.id, 'replied', { ...base, emailId: randomUUID(), status: 'answered', from: 'open', inboundMessageId: a });
    await insertEvent(t, q.id, 'note', { ...base, text: `check ${SCRIPT}`, inboundMessageId: n });
    const thread = threadOf(await (await get(t, await signIn(t, JUANA), `/desk/inquiries/${q.id}`)).text());
    expect(thread).toContain('<strong>Juana Jaafar</strong> replied to the reporter by email; status Answered');
    expect(thread).toContain('<strong>Juana Jaafar</strong> added an internal note by email');
    expect(thread).toContain(`<p class="pre note">check ${ESCAPED}</p>`);
    expect(thread).not.toContain(SCRIPT);
  });

  it('quarantined, released and dropped mail: the sender, the side, the reason and a link to the quarantine', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const m = await insertInbound(t, { inquiryId: q.id, disposition: 'quarantined', from: 'stranger@evil.example' });
    await insertEvent(t, q.id, 'email_quarantined', { inboundMessageId: m, from: `stranger@evil.example`, reason: `Not the reporter ${SCRIPT}`, side: 'reporter' });
    await insertEvent(t, q.id, 'email_quarantined', { inboundMessageId: m, from: 'x@evil.example', reason: 'DMARC failed', side: 'staff' });
    await insertEvent(t, q.id, 'email_released', { inboundMessageId: m, actorId: randomUUID(), actorName: 'Indra Kumari Nadchatram' });
    await insertEvent(t, q.id, 'email_dropped', { inboundMessageId: m, actorId: randomUUID(), actorName: 'Juana Jaafar' });
    const thread = threadOf(await (await get(t, await signIn(t, JUANA), `/desk/inquiries/${q.id}`)).text());
    expect(thread).toContain(`<strong>Pressdesk</strong> held an email from stranger@evil.example in quarantine (reporter&#39;s address): Not the reporter ${ESCAPED}`);
    expect(thread).toContain('held an email from x@evil.example in quarantine (officers&#39; address): DMARC failed');
    expect(thread).toContain('<a href="/desk/quarantine">Review it in the quarantine</a>');
    expect(thread).toContain('<strong>Indra Kumari Nadchatram</strong> released an email from the quarantine into the thread');
    expect(thread).toContain('<strong>Juana Jaafar</strong> dropped an email from the quarantine');
  });

  it("a bounce: in the thread, a banner with the reason on the page, a mark in the queue (page and API)", async () => {
    const q = await newInquiry(t, { phone: '+60 3 5555 0000' }, { assignee: JUANA });
    const m = await insertInbound(t, { inquiryId: q.id, disposition: 'bounce', from: 'mailer-daemon@example.com' });
    const reason = `550 5.1.1 <${q.reporterEmail}>: user unknown`;
    await insertEvent(t, q.id, 'email_bounced', { inboundMessageId: m, recipient: q.reporterEmail, reason });
    await t.db.updateTable('inquiries').set({ reporter_bouncing_at: t.clock.now(), reporter_bounce_reason: reason }).where('id', '=', q.id).execute();
    const s = await signIn(t, JUANA);
    const html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    const escapedReason = `550 5.1.1 &lt;${q.reporterEmail}&gt;: user unknown`;
    expect(html).toContain(`<strong>Reporter&#39;s address is bouncing: ${escapedReason}</strong>`);
    expect(html).toContain('+60 3 5555 0000');
    expect(threadOf(html)).toContain(`could not deliver to ${q.reporterEmail}, the mail bounced: ${escapedReason}`);

    const queue = await (await get(t, s, `/desk?q=${encodeURIComponent(q.subject)}`)).text();
    const row = queue.slice(queue.indexOf(q.reference), queue.indexOf('</tr>', queue.indexOf(q.reference)));
    expect(row).toContain('Reporter&#39;s address is bouncing');
    const api = (await (await get(t, s, `/api/staff/inquiries?q=${encodeURIComponent(q.subject)}`)).json()) as { items: { id: string; reporterBouncing: boolean }[] };
    expect(api.items.find((i) => i.id === q.id)?.reporterBouncing).toBe(true);
    const detail = (await (await get(t, s, `/api/staff/inquiries/${q.id}`)).json()) as { reporterBouncing: { reason: string } | null };
    expect(detail.reporterBouncing?.reason).toBe(reason);

    const fine = await newInquiry(t, {}, { assignee: JUANA });
    expect(await (await get(t, s, `/desk/inquiries/${fine.id}`)).text()).not.toContain('is bouncing');
  });

  it('a reply to a long-closed inquiry: the old one links the new, the new one links back', async () => {
    const old = await newInquiry(t, {}, { assignee: JUANA });
    const next = await newInquiry(t, {}, { assignee: JUANA });
    await t.db.updateTable('inquiries').set({ follows_inquiry_id: old.id }).where('id', '=', next.id).execute();
    await insertEvent(t, old.id, 'followed_up_by', { inquiryId: next.id, reference: next.reference });
    const s = await signIn(t, JUANA);
    const oldHtml = await (await get(t, s, `/desk/inquiries/${old.id}`)).text();
    expect(threadOf(oldHtml)).toContain(`started a new inquiry (${next.reference})`);
    expect(threadOf(oldHtml)).toContain(`<a href="/desk/inquiries/${next.id}">Open ${next.reference}</a>`);
    expect(await (await get(t, s, `/desk/inquiries/${next.id}`)).text()).toContain(`<a href="/desk/inquiries/${old.id}">open the earlier inquiry</a>`);
  });

  it("'Reporter replied' is a status like the others: shown, counted, filtered, and settable", async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    await t.db.updateTable('inquiries').set({ status: 'reporter_replied' }).where('id', '=', q.id).execute();
    const s = await signIn(t, INDRA);
    const queue = await (await get(t, s, '/desk?status=reporter_replied')).text();
    expect(queue).toContain(q.reference);
    expect(queue).toMatch(/Reporter replied: [1-9]/);
    expect(queue).toContain('<option value="reporter_replied" selected="">Reporter replied</option>');
    const other = await (await get(t, s, '/desk?status=open')).text();
    expect(other).not.toContain(q.reference);
    const page = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(page).toContain('Status: Reporter replied');
    expect(page).toContain('<option value="reporter_replied" selected="">Reporter replied</option>');
  });

  it('the queue menu counts the quarantine of the offices the staff member may see', async () => {
    const my = await newInquiry(t, { country: 'MY' });
    const cn = await newInquiry(t, { country: 'CN' });
    const before = await quarantineLink(await signIn(t, JUANA));
    await insertInbound(t, { inquiryId: my.id, disposition: 'quarantined' });
    await insertInbound(t, { inquiryId: cn.id, disposition: 'quarantined' });
    expect(await quarantineLink(await signIn(t, JUANA))).toBe(before + 1);
  });
});

async function quarantineLink(s: Awaited<ReturnType<typeof signIn>>): Promise<number> {
  const html = await (await get(t, s, '/desk')).text();
  const m = /<a href="\/desk\/quarantine">Quarantine(?: \((\d+)\))?<\/a>/.exec(html);
  if (!m) throw new Error('no quarantine link in the menu');
  return Number(m[1] ?? 0);
}

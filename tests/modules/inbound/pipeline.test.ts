import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { INDRA, DALE, contactId, newInquiry, row } from '../desk/actions-helpers.js';
import { addresses, eventsOf, fixedDns, listen, message, newMessageId, type Listener } from './inbound-helpers.js';

// The pipeline end to end: nodemailer delivers to the listener on loopback,
// the real Postgres stores, and what the desk and the reporter would see is read back.

let t: TestContext;
let mx: Listener;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  mx = await listen(t);
}, 60_000);
afterAll(async () => {
  await mx?.close();
  await t?.close();
});

async function inbound(messageId: string) {
  return t.db.selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId.slice(1, -1)).executeTakeFirstOrThrow();
}

async function ackMessageId(inquiryId: string) {
  return (await t.db.selectFrom('emails').select('message_id').where('inquiry_id', '=', inquiryId).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow()).message_id;
}

describe("the reporter's reply", () => {
  it('threads by the reply address: follow-up in the thread, status "reporter replied", clock restarted, officer told, no acknowledgement', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    await t.db.updateTable('inquiries').set({ status: 'answered', reporter_bouncing_at: new Date(), due_at: new Date('2026-01-01T00:00:00Z') }).where('id', '=', q.id).execute();
    const before = await row(t, q.id);
    const emailsBefore = await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', q.id).execute();
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    const raw = message({
      from: `Mei Ling <${q.reporterEmail}>`,
      to: reporter,
      messageId: id,
      body: 'One more thing: is the text public?\n\nOn Mon, 30 Nov 2026 at 10:00, Press Office wrote:\n> We have your question.\n',
    });
    const reply = await mx.send(raw, { from: q.reporterEmail, to: reporter });
    expect(reply).toMatch(/^250 /);

    const m = await inbound(id);
    expect(m).toMatchObject({ disposition: 'threaded', inquiry_id: q.id, side: 'reporter', matched_by: 'address', kind: 'human', from_address: q.reporterEmail });
    expect(gunzipSync(m.raw_gzip).toString('utf8')).toBe(raw);
    expect(m.visible_text).toBe('One more thing: is the text public?');
    const after = await row(t, q.id);
    expect(after).toMatchObject({ status: 'reporter_replied', version: before.version + 1, reporter_bouncing_at: null });
    expect(after.due_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    const followUp = (await eventsOf(t, q.id)).find((e) => e.kind === 'follow_up');
    expect(followUp?.data).toMatchObject({ message: 'One more thing: is the text public?', source: 'email', inboundMessageId: m.id, from: 'answered', to: 'reporter_replied', version: before.version + 1 });
    const emailsAfter = await t.db.selectFrom('emails').select(['kind', 'to_address']).where('inquiry_id', '=', q.id).execute();
    const added = emailsAfter.slice(emailsBefore.length);
    expect(added).toEqual([{ kind: 'follow_up', to_address: 'indra.nadchatram@example.org' }]);
  });

  it("threads by In-Reply-To of the acknowledgement, sent to the service's own address", async () => {
    const q = await newInquiry(t);
    const id = newMessageId();
    const ack = await ackMessageId(q.id);
    await mx.send(message({ from: q.reporterEmail, to: t.config.mailFrom.address, messageId: id, headers: { 'In-Reply-To': ack, References: ack } }), {
      from: q.reporterEmail,
      to: t.config.mailFrom.address,
    });
    expect(await inbound(id)).toMatchObject({ disposition: 'threaded', inquiry_id: q.id, matched_by: 'in_reply_to', side: 'reporter' });
  });

  it('threads by the reference in the subject only when the reporter wrote it', async () => {
    const q = await newInquiry(t);
    const id = newMessageId();
    await mx.send(message({ from: q.reporterEmail, to: t.config.mailFrom.address, subject: `Re: [${q.reference}] my question`, messageId: id }), {
      from: q.reporterEmail,
      to: t.config.mailFrom.address,
    });
    expect(await inbound(id)).toMatchObject({ disposition: 'threaded', inquiry_id: q.id, matched_by: 'subject' });

    const stranger = newMessageId();
    await mx.send(message({ from: 'someone@elsewhere.example', to: t.config.mailFrom.address, subject: `Re: [${q.reference}]`, messageId: stranger }), {
      from: 'someone@elsewhere.example',
      to: t.config.mailFrom.address,
    });
    expect(await inbound(stranger)).toMatchObject({ disposition: 'quarantined', inquiry_id: null });
  });

  it('reopens a closed inquiry; one closed longer than INBOUND_REOPEN_DAYS becomes a new inquiry linked to it', async () => {
    const recent = await newInquiry(t);
    await t.db.updateTable('inquiries').set({ status: 'closed' }).where('id', '=', recent.id).execute();
    const { reporter } = await addresses(t, recent.id);
    await mx.send(message({ from: recent.reporterEmail, to: reporter }), { from: recent.reporterEmail, to: reporter });
    expect((await row(t, recent.id)).status).toBe('reporter_replied');

    const old = await newInquiry(t);
    const longAgo = new Date(t.clock.now().getTime() - 40 * 86_400_000);
    await t.db.updateTable('inquiries').set({ status: 'closed', updated_at: longAgo }).where('id', '=', old.id).execute();
    const oldAddress = (await addresses(t, old.id)).reporter;
    const id = newMessageId();
    await mx.send(message({ from: old.reporterEmail, to: oldAddress, messageId: id, body: 'A new question on the same topic.' }), { from: old.reporterEmail, to: oldAddress });
    const m = await inbound(id);
    expect(m.disposition).toBe('new_inquiry');
    const created = await row(t, m.inquiry_id!);
    expect(created).toMatchObject({ follows_inquiry_id: old.id, email: old.reporterEmail, message: 'A new question on the same topic.', status: 'new' });
    expect((await row(t, old.id)).status).toBe('closed');
    expect((await eventsOf(t, old.id)).find((e) => e.kind === 'followed_up_by')?.data).toMatchObject({ inquiryId: created.id, reference: created.reference });
    const kinds = (await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', created.id).execute()).map((e) => e.kind);
    expect(kinds).not.toContain('acknowledgement');
  });
});

describe("an officer's emailed answer", () => {
  it('becomes a desk reply: email to the reporter from the service with the officer\'s name, first response set, escalation stops', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const { staff } = await addresses(t, q.id);
    const id = newMessageId();
    await mx.send(message({ from: `Indra <${INDRA}>`, to: staff, messageId: id, body: 'The declaration is public; here is the link.' }), { from: INDRA, to: staff });
    const m = await inbound(id);
    expect(m).toMatchObject({ disposition: 'threaded', side: 'staff', matched_by: 'address' });
    const after = await row(t, q.id);
    expect(after.status).toBe('answered');
    expect(after.first_response_at).not.toBeNull();
    const replied = (await eventsOf(t, q.id)).find((e) => e.kind === 'replied');
    expect(replied?.data).toMatchObject({ source: 'email', inboundMessageId: m.id, status: 'answered', from: 'new' });
    const email = await t.db.selectFrom('emails').selectAll().where('inquiry_id', '=', q.id).where('kind', '=', 'reply').executeTakeFirstOrThrow();
    expect(email.to_address).toBe(q.reporterEmail);
    expect(email.from_address).toBe(t.config.mailFrom.address);
    expect(email.from_name).toMatch(/Indra/);
    expect(email.text).toContain('The declaration is public');
    expect((email.headers as Record<string, string>)['In-Reply-To']).toBe(await ackMessageId(q.id));
    // The escalation job looks only at inquiries without a first response.
    const overdue = await t.db.selectFrom('inquiries').select('id').where('id', '=', q.id).where('first_response_at', 'is', null).execute();
    expect(overdue).toEqual([]);
  });

  it('a message starting with #note becomes an internal note, and nothing goes to the reporter', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const { staff } = await addresses(t, q.id);
    await mx.send(message({ from: INDRA, to: staff, body: '#note\nCalled her back; she has what she needs.' }), { from: INDRA, to: staff });
    const note = (await eventsOf(t, q.id)).find((e) => e.kind === 'note');
    expect(note?.data).toMatchObject({ text: 'Called her back; she has what she needs.', source: 'email' });
    const kinds = (await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', q.id).execute()).map((e) => e.kind);
    expect(kinds).not.toContain('reply');
    expect((await row(t, q.id)).first_response_at).toBeNull();
  });

  it("is quarantined from staff of an office that may not see the inquiry", async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const { staff } = await addresses(t, q.id);
    const id = newMessageId();
    await mx.send(message({ from: DALE, to: staff, messageId: id }), { from: DALE, to: staff });
    expect(await inbound(id)).toMatchObject({ disposition: 'quarantined', side: 'staff' });
    expect((await eventsOf(t, q.id)).map((e) => e.kind)).not.toContain('replied');
    expect(await contactId(t, INDRA)).toBeTruthy();
  });
});

describe('strangers and forgeries', () => {
  it("a stranger writing to the reporter's address is quarantined, with a reason and an event for staff; nothing else happens", async () => {
    const q = await newInquiry(t);
    const before = await row(t, q.id);
    const emailsBefore = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).execute();
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    await mx.send(message({ from: 'intruder@spam.example', to: reporter, messageId: id }), { from: 'intruder@spam.example', to: reporter });
    const m = await inbound(id);
    expect(m.disposition).toBe('quarantined');
    expect(m.reason).toContain('intruder@spam.example');
    const after = await row(t, q.id);
    expect(after.status).toBe(before.status);
    expect((await eventsOf(t, q.id)).filter((e) => e.kind === 'email_quarantined').map((e) => e.data)).toEqual([
      expect.objectContaining({ inboundMessageId: m.id, from: 'intruder@spam.example', side: 'reporter' }),
    ]);
    expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).execute()).toHaveLength(emailsBefore.length);
  });

  it('a stranger quoting our Message-ID in In-Reply-To is quarantined', async () => {
    const q = await newInquiry(t);
    const id = newMessageId();
    const ack = await ackMessageId(q.id);
    await mx.send(message({ from: 'spoof@spam.example', to: t.config.mailFrom.address, messageId: id, headers: { 'In-Reply-To': ack } }), {
      from: 'spoof@spam.example',
      to: t.config.mailFrom.address,
    });
    expect(await inbound(id)).toMatchObject({ disposition: 'quarantined', inquiry_id: q.id, matched_by: 'in_reply_to' });
    expect((await eventsOf(t, q.id)).map((e) => e.kind)).not.toContain('follow_up');
  });

  it("the reporter's own address failing DMARC is quarantined as possibly forged", async () => {
    const strict = await listen(t, { resolver: fixedDns({ '_dmarc.example.com': 'v=DMARC1; p=reject' }) });
    try {
      const q = await newInquiry(t);
      const { reporter } = await addresses(t, q.id);
      const id = newMessageId();
      await strict.send(message({ from: q.reporterEmail, to: reporter, messageId: id }), { from: q.reporterEmail, to: reporter });
      const m = await inbound(id);
      expect(m.disposition).toBe('quarantined');
      expect(m.reason).toMatch(/DMARC/);
      expect(m.authentication).toMatchObject({ dmarc: 'fail' });
    } finally {
      await strict.close();
    }
  });
});

describe('robots', () => {
  it('auto-replies are stored as ignored and change nothing', async () => {
    const q = await newInquiry(t);
    await t.db.updateTable('inquiries').set({ status: 'answered' }).where('id', '=', q.id).execute();
    const { reporter } = await addresses(t, q.id);
    const events = (await eventsOf(t, q.id)).length;
    const robots: Record<string, string>[] = [{ 'Auto-Submitted': 'auto-replied' }, { 'X-Autoreply': 'yes' }, { Precedence: 'bulk' }, { 'List-Id': '<news.example.com>' }];
    for (const headers of robots) {
      const id = newMessageId();
      await mx.send(message({ from: q.reporterEmail, to: reporter, messageId: id, subject: 'Out of office', headers }), { from: q.reporterEmail, to: reporter });
      expect(await inbound(id)).toMatchObject({ disposition: 'ignored', kind: 'auto_reply' });
    }
    expect((await row(t, q.id)).status).toBe('answered');
    expect(await eventsOf(t, q.id)).toHaveLength(events);
  });

  it("a delivery status notification marks the reporter's address as bouncing and does not reopen", async () => {
    const q = await newInquiry(t);
    await t.db.updateTable('inquiries').set({ status: 'answered' }).where('id', '=', q.id).execute();
    const ack = await ackMessageId(q.id);
    const id = newMessageId('dsn');
    const dsn = [
      `From: Mail Delivery System <MAILER-DAEMON@mx.example.com>`,
      `To: ${t.config.mailFrom.address}`,
      `Subject: Undelivered Mail Returned to Sender`,
      `Message-ID: ${id}`,
      `Date: Mon, 30 Nov 2026 10:05:00 +0800`,
      `Auto-Submitted: auto-replied`,
      `MIME-Version: 1.0`,
      `Content-Type: multipart/report; report-type=delivery-status; boundary="b1"`,
      ``,
      `--b1`,
      `Content-Type: text/plain`,
      ``,
      `I'm sorry to have to inform you that your message could not be delivered.`,
      ``,
      `--b1`,
      `Content-Type: message/delivery-status`,
      ``,
      `Reporting-MTA: dns; mx.example.com`,
      ``,
      `Final-Recipient: rfc822; ${q.reporterEmail}`,
      `Action: failed`,
      `Status: 5.1.1`,
      `Diagnostic-Code: smtp; 550 5.1.1 User unknown`,
      ``,
      `--b1`,
      `Content-Type: text/rfc822-headers`,
      ``,
      `Message-ID: ${ack}`,
      `Subject: We have your question`,
      ``,
      `--b1--`,
      ``,
    ].join('\r\n');
    await mx.send(dsn, { from: '', to: t.config.mailFrom.address });
    const m = await inbound(id);
    expect(m).toMatchObject({ disposition: 'bounce', kind: 'bounce', inquiry_id: q.id });
    const after = await row(t, q.id);
    expect(after.status).toBe('answered');
    expect(after.reporter_bouncing_at).not.toBeNull();
    expect(after.reporter_bounce_reason).toMatch(/User unknown|5\.1\.1/);
    expect((await eventsOf(t, q.id)).find((e) => e.kind === 'email_bounced')?.data).toMatchObject({ inboundMessageId: m.id, recipient: q.reporterEmail });
  });
});

describe('the SMTP conversation', () => {
  it('the same Message-ID delivered twice is stored once and accepted both times', async () => {
    const q = await newInquiry(t);
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    const raw = message({ from: q.reporterEmail, to: reporter, messageId: id });
    expect(await mx.send(raw, { from: q.reporterEmail, to: reporter })).toMatch(/^250 /);
    expect(await mx.send(raw, { from: q.reporterEmail, to: reporter })).toMatch(/^250 /);
    const rows = await t.db.selectFrom('inbound_messages').select('id').where('message_id', '=', id.slice(1, -1)).execute();
    expect(rows).toHaveLength(1);
    expect((await eventsOf(t, q.id)).filter((e) => e.kind === 'follow_up')).toHaveLength(1);
  });

  it('an unknown recipient is refused at RCPT with 550', async () => {
    const err = await mx
      .send(message({ from: 'a@example.com', to: `reply+${'x'.repeat(43)}@${t.config.replyDomain}` }), { from: 'a@example.com', to: `reply+${'x'.repeat(43)}@${t.config.replyDomain}` })
      .catch((e: { responseCode?: number; command?: string }) => e);
    expect(err).toMatchObject({ responseCode: 550 });
    const other = await mx.send(message({ from: 'a@example.com', to: 'nobody@example.org' }), { from: 'a@example.com', to: 'nobody@example.org' }).catch((e: { responseCode?: number }) => e);
    expect(other).toMatchObject({ responseCode: 550 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW, buildTestContext, replyAddressesOf, validInquiry, type TestContext } from '../../helpers/app.js';
import type { ReceivedMail } from '../../helpers/smtp.js';
import { runEscalationJob } from './escalation-fixtures.js';

// The reporter's holding note: an inquiry with their deadline that reaches its
// due time unanswered gets one short note, sent by the escalation job, against
// a real Postgres and SMTP server with the test clock deciding what "now" is.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const at = (iso: string) => t.clock.set(iso);
const XSS = '<script>alert(1)</script>';
/** Juana Jaafar, Malaysia's duty officer in the demo directory: the office's number for a reporter on deadline. */
const MALAYSIA_PHONE = '+6012 530 9693';
/** 11:00 in Kuala Lumpur on TEST_NOW's day. */
const DUE = '2026-11-30T03:00:00Z';
const AFTER_DUE = '2026-11-30T03:01:00Z';

let seq = 0;
/** An inquiry to Malaysia with a deadline (unless told otherwise), its acknowledgement sent, due at exactly DUE. */
async function inquiryDueAt(overrides: Record<string, unknown> = {}) {
  at(TEST_NOW);
  const email = `holding.${++seq}@example.com`;
  const res = await t.postJson('/api/inquiries', validInquiry({ email, deadline: '2026-11-30T17:00:00+08:00', ...overrides }));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; reference: string; statusUrl: string };
  await t.db.updateTable('inquiries').set({ due_at: DUE }).where('id', '=', body.id).execute();
  await t.runJobs();
  return { ...body, email };
}

async function holdingNoteRows(id: string) {
  return t.db.selectFrom('emails').select(['to_address', 'message_id']).where('inquiry_id', '=', id).where('kind', '=', 'holding_note').execute();
}

async function sentAt(id: string) {
  return (await t.db.selectFrom('inquiries').select('holding_note_sent_at').where('id', '=', id).executeTakeFirstOrThrow()).holding_note_sent_at;
}

/** Runs the escalation job at `when`, then the sends it queued; the holding notes the reporter received. */
async function escalateAt(when: string, reporter: string): Promise<ReceivedMail[]> {
  at(when);
  await runEscalationJob(t);
  await t.runJobs();
  return t.smtp!.received.filter((m) => m.envelope.to[0] === reporter && m.parsed.headers.get('auto-submitted') === 'auto-generated');
}

describe('holding note to the reporter', () => {
  it('is sent once the due time passes unanswered: threaded under the acknowledgement, From the office, Reply-To the reporter side, with the office phone', async () => {
    const q = await inquiryDueAt({ language: 'en', subject: 'Child nutrition figures' });
    expect(await escalateAt(DUE, q.email)).toEqual([]);
    expect(await holdingNoteRows(q.id)).toEqual([]);

    const [note, ...more] = await escalateAt(AFTER_DUE, q.email);
    expect(more).toEqual([]);
    expect(note).toBeDefined();
    expect(await sentAt(q.id)).toEqual(new Date(AFTER_DUE));

    const ack = await t.db.selectFrom('emails').select('message_id').where('inquiry_id', '=', q.id).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(note!.parsed.inReplyTo).toBe(ack.message_id);
    expect(note!.parsed.references).toBe(ack.message_id);
    expect(note!.parsed.subject).toBe(`Re: Child nutrition figures [${q.reference}]`);
    expect(note!.parsed.from?.value).toEqual([{ name: 'UNICEF Media Malaysia', address: 'press@pressdesk.test' }]);
    expect(note!.parsed.replyTo?.value.map((a) => a.address)).toEqual([(await replyAddressesOf(t, q.id)).reporter]);
    expect(note!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(note!.parsed.headers.get('x-pressdesk-reference')).toBe(q.reference);
    expect(note!.parsed.text).toContain('We have your question');
    expect(note!.parsed.text).toContain(`call the press office on ${MALAYSIA_PHONE}`);
    expect(note!.parsed.text).toContain(q.statusUrl);
    expect(note!.parsed.html).toContain('<html lang="en">');
  });

  it('is never sent twice: later escalation runs (step 2 included) leave it alone', async () => {
    const q = await inquiryDueAt();
    expect(await escalateAt(AFTER_DUE, q.email)).toHaveLength(1);
    expect(await escalateAt('2026-11-30T03:02:00Z', q.email)).toHaveLength(1);
    // Step 2 (the parent office) comes ESCALATION_REROUTE_AFTER_MINUTES later; the reporter still has one note.
    expect(await escalateAt('2026-11-30T06:00:00Z', q.email)).toHaveLength(1);
    expect(await holdingNoteRows(q.id)).toHaveLength(1);
    expect(await sentAt(q.id)).toEqual(new Date(AFTER_DUE));
  });

  it('is not sent when an officer answered before the due time', async () => {
    const q = await inquiryDueAt();
    await t.db.updateTable('inquiries').set({ status: 'answered', first_response_at: '2026-11-30T02:30:00Z' }).where('id', '=', q.id).execute();
    expect(await escalateAt(AFTER_DUE, q.email)).toEqual([]);
    expect(await holdingNoteRows(q.id)).toEqual([]);
    expect(await sentAt(q.id)).toBeNull();
  });

  it('is not sent for a closed inquiry, nor for one without a deadline', async () => {
    const closed = await inquiryDueAt();
    await t.db.updateTable('inquiries').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    const noDeadline = await inquiryDueAt({ deadline: undefined });
    expect(await escalateAt(AFTER_DUE, closed.email)).toEqual([]);
    expect(await escalateAt(AFTER_DUE, noDeadline.email)).toEqual([]);
    expect(await holdingNoteRows(closed.id)).toEqual([]);
    expect(await holdingNoteRows(noDeadline.id)).toEqual([]);
  });

  it.each([
    { language: 'zh', htmlLang: 'zh-Hans', phrase: '正在处理', phone: `请致电新闻办公室：${MALAYSIA_PHONE}` },
    { language: 'ms', htmlLang: 'ms', phrase: 'sedang menanganinya', phone: `hubungi pejabat akhbar di talian ${MALAYSIA_PHONE}` },
  ])("is written in the reporter's language ($language)", async ({ language, htmlLang, phrase, phone }) => {
    const q = await inquiryDueAt({ language });
    const [note] = await escalateAt(AFTER_DUE, q.email);
    expect(note!.parsed.text).toContain(phrase);
    expect(note!.parsed.text).toContain(phone);
    expect(note!.parsed.html).toContain(`<html lang="${htmlLang}">`);
  });

  it("escapes the reporter's name and subject: kept as text in the plain part, never markup in the HTML part", async () => {
    const q = await inquiryDueAt({ name: `Mallory ${XSS} & Co`, subject: `Numbers ${XSS}` });
    const [note] = await escalateAt(AFTER_DUE, q.email);
    expect(note!.parsed.text).toContain(`Mallory ${XSS} & Co`);
    expect(note!.parsed.html).not.toContain('<script');
    expect(note!.parsed.html).toContain('Mallory &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(note!.parsed.subject).toBe(`Re: Numbers ${XSS} [${q.reference}]`);
  });
});

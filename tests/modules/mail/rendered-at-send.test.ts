import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledgementMessages } from '../../../emails/acknowledgement.i18n.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { get, JUANA, signIn } from '../desk/actions-helpers.js';

// The intake's emails (the acknowledgement and the officers' alert) are
// rendered by the worker when it sends them: the request stores a row with the
// subject and the template's data, and no body.
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function context(): Promise<TestContext> {
  const t = await buildTestContext();
  cleanup.push(() => t.close());
  return t;
}

async function submit(t: TestContext, email: string, overrides: Record<string, unknown> = {}) {
  const res = await t.postJson('/api/inquiries', validInquiry({ email, ...overrides }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string; statusUrl: string };
}

function outboxOf(t: TestContext, inquiryId: string) {
  return t.db.selectFrom('emails').select(['kind', 'to_address', 'subject', 'html', 'text', 'template', 'status']).where('inquiry_id', '=', inquiryId).execute();
}

describe("the intake's emails are rendered when they are sent", () => {
  it('the request stores each email with its subject and template data, and no body', async () => {
    const t = await context();
    const body = await submit(t, 'lin.wei@example.cn', { language: 'zh', country: 'CN' });
    const rows = await outboxOf(t, body.id);
    expect(rows.map((r) => r.kind).sort()).toEqual(['acknowledgement', 'new_inquiry', 'new_inquiry']);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'queued', html: null, text: null });
      expect(row.subject).toContain(body.reference);
    }
    const ack = rows.find((r) => r.kind === 'acknowledgement')!;
    expect(ack.template).toMatchObject({ template: 'acknowledgement', lang: 'zh', data: { reference: body.reference, statusUrl: body.statusUrl } });
    expect(ack.subject).toContain(acknowledgementMessages.zh.subject(body.reference, '').trim().replace(/[:：]$/, ''));
  });

  it("the worker renders them in the reporter's language, under the stored subject, then keeps the masked text and drops the template data", async () => {
    const t = await context();
    const body = await submit(t, 'lin.wei@example.cn', { language: 'zh', country: 'CN' });
    const [stored] = (await outboxOf(t, body.id)).filter((r) => r.kind === 'acknowledgement');
    await t.runJobs();

    const mail = t.smtp!.received.find((m) => m.envelope.to[0] === 'lin.wei@example.cn')!;
    expect(mail.parsed.subject).toBe(stored!.subject);
    expect(mail.parsed.text).toContain(acknowledgementMessages.zh.statusIntro);
    expect(mail.parsed.text).toContain(body.statusUrl);
    expect(mail.parsed.html).toContain('lang="zh-Hans"');
    // Chinese text goes base64 (shorter than quoted-printable for it).
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64/i);

    const rows = await outboxOf(t, body.id);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    for (const row of rows) {
      expect(row.template).toBeNull();
      expect(row.html).not.toBeNull();
      expect(`${row.text} ${row.html}`).not.toContain(body.statusUrl);
    }
  });

  it('an acknowledgement in English goes quoted-printable, and reads the same once decoded', async () => {
    const t = await context();
    const body = await submit(t, 'english.reader@example.com', { language: 'en', country: 'FR' });
    await t.runJobs();
    const mail = t.smtp!.received.find((m) => m.envelope.to[0] === 'english.reader@example.com')!;
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: quoted-printable/i);
    expect(mail.parsed.text).toContain(body.statusUrl);
  });

  it('when mail is waiting, acknowledgements go out before the routine alerts queued with them', async () => {
    const t = await context();
    const reporters = ['first@example.com', 'second@example.com', 'third@example.com'];
    for (const email of reporters) await submit(t, email);
    await t.runJobs();
    const order = t.smtp!.received.map((m) => m.envelope.to[0]);
    expect(order).toHaveLength(9);
    expect(order.slice(0, 3).sort()).toEqual([...reporters].sort());
  });

  it('an urgent alert goes out with the acknowledgements, ahead of routine ones', async () => {
    const t = await context();
    await submit(t, 'routine@example.com');
    const urgent = await submit(t, 'urgent@example.com', { deadline: new Date(Date.parse('2026-11-30T02:00:00Z') + 60 * 60_000).toISOString() });
    const kinds = await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', urgent.id).execute();
    expect(kinds.map((k) => k.kind)).toContain('urgent_inquiry');
    await t.runJobs();
    const subjects = t.smtp!.received.map((m) => m.parsed.subject ?? '');
    const firstRoutine = subjects.findIndex((s) => s.startsWith('New inquiry'));
    const lastUrgent = subjects.map((s) => s.startsWith('[URGENT]')).lastIndexOf(true);
    expect(lastUrgent).toBeGreaterThanOrEqual(0);
    expect(lastUrgent).toBeLessThan(firstRoutine);
  });
});

describe('an email the worker cannot render', () => {
  it('fails at once, says why in the thread and the log, and is not retried', async () => {
    const t = await context();
    const body = await submit(t, 'broken.template@example.com');
    const ack = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', body.id).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    await t.db.updateTable('emails').set({ template: JSON.stringify({ template: 'no_such_template', data: {} }) }).where('id', '=', ack.id).execute();
    await t.runJobs();

    const row = await t.db.selectFrom('emails').select(['status', 'last_error', 'template']).where('id', '=', ack.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.template).toBeNull();
    expect(row.last_error).toContain('could not render the email');
    expect(row.last_error).toContain('no_such_template');
    const failed = await t.db.selectFrom('inquiry_events').select('data').where('inquiry_id', '=', body.id).where('kind', '=', 'email_failed').execute();
    expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ emailId: ack.id, emailKind: 'acknowledgement', permanent: true })]);
    expect(t.logs.some((l) => l.msg === 'email could not be rendered' && l.emailId === ack.id)).toBe(true);
    // The job is done with: nothing left to retry.
    await t.makeJobsDue();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
    const officer = await signIn(t, JUANA);
    const page = await (await get(t, officer, `/desk/inquiries/${body.id}`)).text();
    expect(page).toContain('No text: the email could not be written.');
    // The officers' alerts of the same inquiry went out as usual.
    expect(t.smtp!.received.filter((m) => m.parsed.subject?.includes(body.reference))).toHaveLength(2);
  });
});

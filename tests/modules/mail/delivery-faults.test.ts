import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { graphileQueue } from '../../../src/db/queue.js';
import { createSmtpMailer } from '../../../src/modules/mail/mail.transport.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../helpers/smtp.js';

// Every test has its own database and SMTP server: jobs are global to a
// database, so a retrying job from one test must never run in another.
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function context(opts: Parameters<typeof buildTestContext>[0] = {}): Promise<TestContext> {
  const t = await buildTestContext(opts);
  cleanup.push(() => t.close());
  return t;
}

async function server(port?: number): Promise<TestSmtpServer> {
  const s = await startSmtpServer(port);
  cleanup.push(() => s.close());
  return s;
}

async function submit(t: TestContext, email: string, overrides: Record<string, unknown> = {}) {
  const res = await t.postJson('/api/inquiries', validInquiry({ email, ...overrides }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string };
}

function emailsOf(t: TestContext, inquiryId: string) {
  return t.db
    .selectFrom('emails')
    .select(['id', 'kind', 'to_address', 'status', 'attempts', 'last_error', 'message_id'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('to_address')
    .execute();
}

interface JobRow {
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  /** seconds until the job is due again (negative = due) */
  due_in: number;
}

async function jobFor(t: TestContext, emailId: string): Promise<JobRow | undefined> {
  const { rows } = await sql<JobRow>`
    select attempts, max_attempts, last_error, extract(epoch from run_at - now())::float8 as due_in
    from graphile_worker._private_jobs where key = ${`email:${emailId}`}`.execute(t.db);
  return rows[0];
}

function messageIds(mails: ReceivedMail[]): string[] {
  return mails.map((m) => m.parsed.messageId!);
}

function countBy<T>(items: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

describe('SMTP outage', () => {
  it('SMTP down when an inquiry arrives → 201 and stored; mail stays queued; after recovery every email goes out exactly once', async () => {
    // A port with nothing listening: take a free one, then let it go.
    const probe = await startSmtpServer();
    const port = probe.port;
    await probe.close();
    const url = `smtp://127.0.0.1:${port}`;
    const t = await context({ smtp: false, mailer: createSmtpMailer(url), env: { SMTP_URL: url } });

    const inquiry = await submit(t, 'outage.reporter@example.com');
    expect(await t.db.selectFrom('inquiries').select('reference').where('id', '=', inquiry.id).executeTakeFirst()).toEqual({
      reference: inquiry.reference,
    });

    await t.runJobs();
    const down = await emailsOf(t, inquiry.id);
    expect(down).toHaveLength(3);
    for (const e of down) {
      expect(e.status).toBe('queued');
      expect(e.attempts).toBeGreaterThanOrEqual(1);
      expect(e.last_error).toMatch(/\S/);
      expect((await jobFor(t, e.id))?.due_in).toBeGreaterThan(0);
    }

    const smtp = await server(port);
    await t.makeJobsDue();
    await t.runJobs();

    expect(smtp.received).toHaveLength(3);
    const perRecipient = countBy(smtp.received.map((m) => m.envelope.to.join(',')));
    expect(Object.fromEntries(perRecipient)).toEqual({
      'indra.nadchatram@example.org': 1,
      'media.malaysia@example.org': 1,
      'outage.reporter@example.com': 1,
    });
    expect(messageIds(smtp.received).sort()).toEqual(down.map((e) => e.message_id).sort());
    const after = await emailsOf(t, inquiry.id);
    expect(after.map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
    expect(after.every((e) => e.last_error === null)).toBe(true);

    // Nothing is left to send, however often the worker runs.
    await t.makeJobsDue();
    await t.runJobs();
    expect(smtp.received).toHaveLength(3);
    expect((await t.counts()).jobs).toBe(0);
  });
});

describe('SMTP answers', () => {
  it('SMTP 4xx → the job is retried with growing back-off and succeeds once the server accepts', async () => {
    const t = await context();
    const smtp = t.smtp!;
    smtp.behave('tempfail');
    const inquiry = await submit(t, 'tempfail.reporter@example.com');
    const ack = (await emailsOf(t, inquiry.id)).find((e) => e.kind === 'acknowledgement')!;

    await t.runJobs();
    const first = (await jobFor(t, ack.id))!;
    expect(first.attempts).toBe(1);
    expect(first.last_error).toContain('451');
    expect(first.due_in).toBeGreaterThan(1); // e^1 s back-off

    // Not due yet: running the worker again does not touch it.
    await t.runJobs();
    expect((await jobFor(t, ack.id))!.attempts).toBe(1);

    await t.makeJobsDue();
    await t.runJobs();
    const second = (await jobFor(t, ack.id))!;
    expect(second.attempts).toBe(2);
    expect(second.due_in).toBeGreaterThan(first.due_in + 2); // e^2 s > e^1 s

    let row = await t.db.selectFrom('emails').selectAll().where('id', '=', ack.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(row.last_error).toContain('451');
    expect(smtp.received).toHaveLength(0);

    smtp.behave('accept');
    await t.makeJobsDue();
    await t.runJobs();
    row = await t.db.selectFrom('emails').selectAll().where('id', '=', ack.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(await jobFor(t, ack.id)).toBeUndefined();
    const toReporter = smtp.received.filter((m) => m.envelope.to[0] === 'tempfail.reporter@example.com');
    expect(messageIds(toReporter)).toEqual([ack.message_id]);
  });

  it('SMTP 5xx → not retried, the email is marked failed with 550 and an email_failed event is shown on the inquiry', async () => {
    const t = await context();
    t.smtp!.behave('permfail');
    const inquiry = await submit(t, 'permfail.reporter@example.com');
    const emails = await emailsOf(t, inquiry.id);

    await t.runJobs();
    for (const e of emails) {
      const row = await t.db.selectFrom('emails').select(['status', 'attempts', 'last_error']).where('id', '=', e.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('550');
      expect(await jobFor(t, e.id)).toBeUndefined();
    }

    const events = await t.db
      .selectFrom('inquiry_events')
      .select(['kind', 'data'])
      .where('inquiry_id', '=', inquiry.id)
      .where('kind', '=', 'email_failed')
      .execute();
    expect(events.map((ev) => (ev.data as { emailId: string }).emailId).sort()).toEqual(emails.map((e) => e.id).sort());
    const ackEvent = events.find((ev) => (ev.data as { emailKind: string }).emailKind === 'acknowledgement')!;
    expect(ackEvent.data).toMatchObject({ permanent: true, reason: expect.stringContaining('550') });

    // The server would accept now, but a permanent failure is final.
    t.smtp!.behave('accept');
    await t.makeJobsDue();
    await t.runJobs();
    expect(t.smtp!.received).toHaveLength(0);
  });

  it('tempfail on every attempt → after EMAIL_MAX_ATTEMPTS the email is failed and the job is kept as failed', async () => {
    const t = await context();
    expect(t.config.EMAIL_MAX_ATTEMPTS).toBe(5);
    t.smtp!.behave('tempfail');
    const inquiry = await submit(t, 'exhausted.reporter@example.com');
    const ack = (await emailsOf(t, inquiry.id)).find((e) => e.kind === 'acknowledgement')!;

    for (let i = 0; i < 7; i++) {
      await t.makeJobsDue();
      await t.runJobs();
    }

    const row = await t.db.selectFrom('emails').selectAll().where('id', '=', ack.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(5);
    expect(row.last_error).toContain('451');
    const job = await jobFor(t, ack.id);
    expect(job).toMatchObject({ attempts: 5, max_attempts: 5 });
    expect(job!.last_error).toContain('451');
    const failedEvents = await t.db
      .selectFrom('inquiry_events')
      .select('data')
      .where('inquiry_id', '=', inquiry.id)
      .where('kind', '=', 'email_failed')
      .execute();
    expect(failedEvents.filter((ev) => (ev.data as { emailId: string }).emailId === ack.id)).toHaveLength(1);
    expect(t.smtp!.received).toHaveLength(0);
  });
});

describe('sending once', () => {
  it('a resend after a crash between send and commit reuses the stored Message-ID', async () => {
    const t = await context();
    const inquiry = await submit(t, 'crash.reporter@example.com');
    await t.runJobs();
    const ack = (await emailsOf(t, inquiry.id)).find((e) => e.kind === 'acknowledgement')!;
    expect(ack.status).toBe('sent');

    // The SMTP server has the message but our commit "never happened".
    await t.db.updateTable('emails').set({ status: 'queued', sent_at: null }).where('id', '=', ack.id).execute();
    await graphileQueue.add(t.db, 'send_email', { emailId: ack.id }, { jobKey: `email:${ack.id}` });
    await t.runJobs();

    const deliveries = t.smtp!.received.filter((m) => m.envelope.to[0] === 'crash.reporter@example.com');
    expect(deliveries).toHaveLength(2);
    expect(deliveries.map((m) => m.parsed.headers.get('message-id'))).toEqual([ack.message_id, ack.message_id]);
    // Only the email that was reset went out again.
    expect(t.smtp!.received).toHaveLength(4);
    expect((await emailsOf(t, inquiry.id)).map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('three workers running at once over many queued emails send each exactly once', async () => {
    const t = await context();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await submit(t, `crowd${i}.reporter@example.com`)).id);
    const queued = await t.db.selectFrom('emails').select(['message_id']).where('inquiry_id', 'in', ids).execute();
    expect(queued).toHaveLength(30);

    await Promise.all([t.runJobs(), t.runJobs(), t.runJobs()]);

    const received = messageIds(t.smtp!.received);
    expect(received).toHaveLength(30);
    expect([...countBy(received).values()].every((n) => n === 1)).toBe(true);
    expect(received.sort()).toEqual(queued.map((e) => e.message_id).sort());
    const statuses = await t.db.selectFrom('emails').select('status').where('inquiry_id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
    expect((await t.counts()).jobs).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { InquiryStatus } from '../../../src/db/schema.js';
import { randomToken } from '../../../src/lib/tokens.js';
import { graphileQueue } from '../../../src/db/queue.js';
import { ESCALATE_OVERDUE_TASK, type EscalationRunDeps } from '../../../src/modules/escalation/escalation.task.js';
import { formatReference } from '../../../src/modules/inquiries/inquiries.reference.js';
import { linkColumns, type TestContext } from '../../helpers/app.js';

// Shared by the escalation tests: inquiries with an exact due time, the job
// run the way the worker runs it, and the history an inquiry collects.

export const MINUTE = 60_000;

export interface InquiryFixture {
  officeCode: string;
  dueAt: string;
  country?: string;
  status?: InquiryStatus;
  firstResponseAt?: string | null;
  deadline?: string | null;
  subject?: string;
  email?: string;
}

/** An inquiry row written directly, for when a test needs an exact office, due time or status. */
export async function insertInquiry(t: TestContext, f: InquiryFixture): Promise<{ id: string; reference: string }> {
  const office = await t.db.selectFrom('offices').select('id').where('code', '=', f.officeCode).executeTakeFirstOrThrow();
  const now = t.clock.now();
  const { rows } = await sql<{ n: number }>`select nextval('inquiry_reference_seq')::int as n`.execute(t.db);
  const reference = formatReference(now.getUTCFullYear(), rows[0]!.n);
  return t.db
    .insertInto('inquiries')
    .values({
      reference,
      ...linkColumns(randomUUID()),
      status: f.status ?? 'new',
      priority: 'normal',
      office_id: office.id,
      contact_id: null,
      routing: JSON.stringify({ reasons: [`test fixture → ${f.officeCode}`], decidedAt: now.toISOString() }),
      due_at: f.dueAt,
      first_response_at: f.firstResponseAt ?? null,
      name: 'Mei Ling Tan',
      email: f.email ?? `reporter.${randomToken(6)}@example.com`,
      outlet: 'The Star',
      country: f.country ?? 'MY',
      language: 'en',
      subject: f.subject ?? 'Beijing Declaration: what Malaysia committed to',
      message: 'Could someone explain what was committed to?',
      deadline: f.deadline ?? null,
      privacy_notice_version: t.config.PRIVACY_NOTICE_VERSION,
      consented_at: now,
      source: 'api',
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

/** What the worker's task is built from, for calling the run directly (e.g. several at once). */
export function escalationDeps(t: TestContext): EscalationRunDeps {
  return { db: t.db, queue: graphileQueue, config: t.config, logger: t.deps.logger, directory: t.deps.directory, clock: t.clock };
}

/** Adds the scheduled job as cron would and runs every due job in-process. */
export async function runEscalationJob(t: TestContext): Promise<void> {
  await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {});
  await t.runJobs();
}

export async function escalationRows(t: TestContext, inquiryId: string) {
  return t.db
    .selectFrom('inquiry_escalations')
    .select(['step', 'created_at'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('step')
    .execute();
}

export async function escalatedEvents(t: TestContext, inquiryId: string) {
  const rows = await t.db
    .selectFrom('inquiry_events')
    .select(['data', 'created_at'])
    .where('inquiry_id', '=', inquiryId)
    .where('kind', '=', 'escalated')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...(r.data as Record<string, unknown>), at: r.created_at.toISOString() }));
}

export async function escalationEmails(t: TestContext, inquiryId: string) {
  return t.db
    .selectFrom('emails')
    .select(['to_address', 'subject', 'status', 'headers', 'text', 'html'])
    .where('inquiry_id', '=', inquiryId)
    .where('kind', '=', 'escalation')
    .orderBy('created_at')
    .orderBy('to_address')
    .execute();
}

/** The escalation emails for one reference that reached the SMTP server. */
export function receivedEscalations(t: TestContext, reference: string) {
  return t.smtp!.received.filter((m) => m.parsed.headers.get('x-pressdesk-reference') === reference && /overdue/i.test(m.parsed.subject ?? ''));
}

/** Polls until `n` escalation emails for the reference arrived (sends run in the jobs just before). */
export async function waitForEscalations(t: TestContext, reference: string, n: number, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (receivedEscalations(t, reference).length < n) {
    if (Date.now() > until) throw new Error(`expected ${n} escalation emails for ${reference}, got ${receivedEscalations(t, reference).length}`);
    await t.runJobs();
    await new Promise((r) => setTimeout(r, 25));
  }
  return receivedEscalations(t, reference);
}

export async function inquiryRow(t: TestContext, id: string) {
  const { rows } = await sql<{ office: string; contact: string | null; priority: string; due_at: Date; routing: { reasons: string[] } }>`
    select o.code as office, c.email as contact, i.priority, i.due_at, i.routing
    from inquiries i join offices o on o.id = i.office_id left join contacts c on c.id = i.contact_id
    where i.id = ${id}`.execute(t.db);
  return rows[0]!;
}

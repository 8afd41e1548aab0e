import { randomUUID } from 'node:crypto';
import { deferredSubject, type DeferredEmail } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import type { JobQueue, NewJob } from '../../db/queue.js';
import { newMessageId } from './mail.headers.js';
import { insertEmails, insertEmailsWithJobs, type OutboxRow } from './mail.repository.js';

export const SEND_EMAIL_TASK = 'send_email';

interface Envelope {
  inquiryId: string | null;
  kind: string;
  to: string;
  replyTo?: string | null;
  headers?: Record<string, string>;
  /** Display name beside our own address, e.g. the office's or an officer's name; default ORG_NAME. */
  fromName?: string;
  messageId?: string;
  /** The injected clock's time, so the thread orders emails with the events that caused them. Default: the database's now(). */
  createdAt?: Date;
  /** Sent before other queued mail: a reporter waiting for our acknowledgement, officers alerted to an urgent inquiry. */
  first?: boolean;
}

/** graphile-worker runs lower priorities first; everything else is 0. */
const FIRST_PRIORITY = -10;

/** Rendered now, or (`template`) rendered by the worker when it sends the email. */
export type QueuedEmail = Envelope & ({ subject: string; html: string; text: string; template?: never } | { template: DeferredEmail });

/** The outbox rows and their send jobs, built without touching the database: ids are chosen here. */
export function outboxRows(deps: { config: Config }, emails: QueuedEmail[]): { rows: OutboxRow[]; jobs: NewJob[] } {
  // An alert to several officers shares one template: its subject is made once.
  const subjects = new Map<DeferredEmail, string>();
  const deferred = (t: DeferredEmail) => {
    let subject = subjects.get(t);
    if (subject === undefined) subjects.set(t, (subject = deferredSubject(t)));
    return { subject, html: null, text: null, template: t as unknown as Record<string, unknown> };
  };
  const rows = emails.map(
    (e): OutboxRow => ({
      id: randomUUID(),
      inquiry_id: e.inquiryId,
      kind: e.kind,
      message_id: e.messageId ?? newMessageId(deps.config),
      from_name: e.fromName ?? deps.config.ORG_NAME,
      from_address: deps.config.mailFrom.address,
      to_address: e.to,
      reply_to: e.replyTo ?? null,
      ...(e.template ? deferred(e.template) : { subject: e.subject, html: e.html, text: e.text, template: null }),
      headers: e.headers ?? {},
      created_at: e.createdAt ?? null,
    }),
  );
  const jobs = rows.map(({ id }, i) => ({
    task: SEND_EMAIL_TASK,
    payload: { emailId: id },
    opts: { jobKey: `email:${id}`, maxAttempts: deps.config.EMAIL_MAX_ATTEMPTS, ...(emails[i]!.first ? { priority: FIRST_PRIORITY } : {}) },
  }));
  return { rows, jobs };
}

/**
 * Writes the email and its send job through the caller's transaction: both
 * exist exactly when the change that caused them commits.
 */
export async function queueEmails(
  trx: Executor,
  deps: { queue: JobQueue; config: Config },
  emails: QueuedEmail[],
): Promise<string[]> {
  if (emails.length === 0) return [];
  const { rows, jobs } = outboxRows(deps, emails);
  if (deps.queue.expression) {
    await insertEmailsWithJobs(trx, rows, deps.queue.expression(jobs));
  } else {
    await insertEmails(trx, rows);
    for (const job of jobs) await deps.queue.add(trx, job.task, job.payload, job.opts);
  }
  return rows.map((r) => r.id);
}

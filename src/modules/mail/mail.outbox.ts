import { randomUUID } from 'node:crypto';
import { deferredSubject, type DeferredEmail } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import type { JobQueue } from '../../db/queue.js';
import { newMessageId } from './mail.headers.js';
import { insertEmails, insertEmailsWithJobs } from './mail.repository.js';

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
  // An alert to several officers shares one template: its subject and JSON are made once.
  const made = new Map<DeferredEmail, { subject: string; html: null; text: null; template: string }>();
  const deferred = (t: DeferredEmail) => {
    let row = made.get(t);
    if (!row) made.set(t, (row = { subject: deferredSubject(t), html: null, text: null, template: JSON.stringify(t) }));
    return row;
  };
  // Ids chosen here, so the rows and their jobs can go in one statement.
  const rows = emails.map((e) => ({
    id: randomUUID(),
    inquiry_id: e.inquiryId,
    kind: e.kind,
    message_id: e.messageId ?? newMessageId(deps.config),
    from_name: e.fromName ?? deps.config.ORG_NAME,
    from_address: deps.config.mailFrom.address,
    to_address: e.to,
    reply_to: e.replyTo ?? null,
    ...(e.template ? deferred(e.template) : { subject: e.subject, html: e.html, text: e.text }),
    headers: JSON.stringify(e.headers ?? {}),
    ...(e.createdAt ? { created_at: e.createdAt } : {}),
  }));
  const jobs = rows.map(({ id }, i) => ({
    task: SEND_EMAIL_TASK,
    payload: { emailId: id },
    opts: { jobKey: `email:${id}`, maxAttempts: deps.config.EMAIL_MAX_ATTEMPTS, ...(emails[i]!.first ? { priority: FIRST_PRIORITY } : {}) },
  }));
  if (deps.queue.expression) {
    await insertEmailsWithJobs(trx, rows, deps.queue.expression(jobs));
  } else {
    await insertEmails(trx, rows);
    for (const job of jobs) await deps.queue.add(trx, job.task, job.payload, job.opts);
  }
  return rows.map((r) => r.id);
}

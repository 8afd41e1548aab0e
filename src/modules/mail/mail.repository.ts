import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { EmailsTable } from '../../db/schema.js';

/** What replaces the stored message once it has left: masked links, or a secret removed. */
export type KeptCopy = Pick<Updateable<EmailsTable>, 'html' | 'text' | 'reply_to' | 'headers' | 'raw' | 'template'>;

/** New outbox rows (their ids chosen by the caller). */
export async function insertEmails(trx: Executor, rows: Insertable<EmailsTable>[]): Promise<void> {
  await trx.insertInto('emails').values(rows).execute();
}

/** New outbox rows and, in the same statement, their send jobs (the queue's expression). */
export async function insertEmailsWithJobs(trx: Executor, rows: Insertable<EmailsTable>[], jobs: RawBuilder<number>): Promise<void> {
  await trx
    .with('m', (qb) => qb.insertInto('emails').values(rows))
    .selectNoFrom(jobs.as('jobs'))
    .execute();
}

/** The outbox row, and whether it carries files (most do not: one statement then does). */
export function findEmail(db: Executor, id: string) {
  return db
    .selectFrom('emails')
    .selectAll('emails')
    .select((eb) => eb.exists(eb.selectFrom('attachments').select('attachments.id').where('attachments.email_id', '=', id)).as('has_attachments'))
    .where('emails.id', '=', id)
    .executeTakeFirst();
}

/** The files an email carries (a desk reply's), in the order they were attached. */
export function emailAttachments(db: Executor, emailId: string) {
  return db
    .selectFrom('attachments')
    .select(['filename', 'content_type as contentType', 'content'])
    .where('email_id', '=', emailId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Given up on before any attempt (the recipient opted out): failed, saying why. */
export async function markEmailWithheld(db: Executor, id: string, reason: string, copy: KeptCopy): Promise<void> {
  await db.updateTable('emails').set({ status: 'failed', last_error: reason, ...copy }).where('id', '=', id).execute();
}

/** Handed over: delivered by SMTP ('sent') or kept by the capture mailer ('captured'). */
export async function markEmailSent(db: Executor, id: string, status: 'sent' | 'captured', sentAt: Date, copy: KeptCopy): Promise<void> {
  await db
    .updateTable('emails')
    .set({ status, sent_at: sentAt, attempts: sql`attempts + 1`, last_error: null, ...copy })
    .where('id', '=', id)
    .execute();
}

/** The last attempt failed for good (a permanent refusal, or no retries left). */
export async function markEmailFailed(db: Executor, id: string, reason: string, copy: KeptCopy): Promise<void> {
  await db
    .updateTable('emails')
    .set({ status: 'failed', attempts: sql`attempts + 1`, last_error: reason, ...copy })
    .where('id', '=', id)
    .execute();
}

/** An attempt failed and another will follow: the email stays queued. */
export async function recordFailedAttempt(db: Executor, id: string, reason: string): Promise<void> {
  await db
    .updateTable('emails')
    .set({ attempts: sql`attempts + 1`, last_error: reason })
    .where('id', '=', id)
    .execute();
}

/** The inquiry's thread shows that one of its emails could not be delivered. */
export async function addEmailFailedEvent(trx: Executor, inquiryId: string, data: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('inquiry_events')
    .values({ inquiry_id: inquiryId, kind: 'email_failed', data: JSON.stringify(data) })
    .execute();
}

/** The acknowledgement's Message-ID: desk replies and the holding note thread under it. */
export async function acknowledgementMessageId(db: Executor, inquiryId: string): Promise<string | null> {
  const row = await db
    .selectFrom('emails')
    .select('message_id')
    .where('inquiry_id', '=', inquiryId)
    .where('kind', '=', 'acknowledgement')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.message_id ?? null;
}

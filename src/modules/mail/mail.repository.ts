import { sql, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { filledText, type Fill } from '../../db/statement.js';
import type { EmailsTable } from '../../db/schema.js';

/** What replaces the stored message once it has left: masked links, or a secret removed. */
export type KeptCopy = Pick<Updateable<EmailsTable>, 'html' | 'text' | 'reply_to' | 'headers' | 'raw' | 'template'>;

/**
 * A new outbox row as the outbox builds it (its id chosen there, so its job
 * can be added beside it), with its template data and headers as objects: the
 * rows travel as one JSON parameter.
 */
export type OutboxRow = Omit<Selectable<EmailsTable>, 'status' | 'attempts' | 'last_error' | 'raw' | 'sent_at' | 'template' | 'headers' | 'created_at'> & {
  template: Record<string, unknown> | null;
  headers: Record<string, string>;
  /** Null: the database's now(). */
  created_at: Date | null;
};

const COLUMNS = ['id', 'inquiry_id', 'kind', 'message_id', 'from_name', 'from_address', 'to_address', 'reply_to', 'subject', 'html', 'text', 'template', 'headers', 'created_at'] as const;

/**
 * Outbox rows as one JSON parameter: the same SQL whatever the number of rows,
 * and a fill puts a value the same statement decides (the reference) into
 * their subject, template data and headers.
 */
export function emailsInsert(db: Executor, rows: OutboxRow[], fill?: Fill) {
  const values = COLUMNS.map((c) => (c === 'created_at' ? sql`coalesce(created_at, now())` : sql.ref(c)));
  return db
    .insertInto('emails')
    .columns(COLUMNS)
    .expression(sql`select ${sql.join(values)} from json_populate_recordset(null::emails, ${filledText(JSON.stringify(rows), fill)}::json)`);
}

/** New outbox rows. */
export async function insertEmails(trx: Executor, rows: OutboxRow[]): Promise<void> {
  await emailsInsert(trx, rows).execute();
}

/** New outbox rows and, in the same statement, their send jobs (the queue's expression). */
export async function insertEmailsWithJobs(trx: Executor, rows: OutboxRow[], jobs: RawBuilder<number>): Promise<void> {
  await trx
    .with('m', () => emailsInsert(trx, rows))
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

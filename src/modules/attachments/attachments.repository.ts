import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AttachmentsTable } from '../../db/schema.js';

export type NewAttachmentRow = Insertable<AttachmentsTable> & { id: string };

/** The rows as a write not yet run (alone, or as part of the statement that stores their inquiry). */
export function attachmentsInsert(db: Executor, rows: NewAttachmentRow[]) {
  return db.insertInto('attachments').values(rows);
}

export async function insertAttachments(trx: Executor, rows: NewAttachmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await attachmentsInsert(trx, rows).execute();
}

/** Bytes of attachments the inquiry holds, from every source. */
export async function sumInquiryBytes(db: Executor, inquiryId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select(sql<string>`coalesce(sum(size), 0)`.as('bytes'))
    .where('inquiry_id', '=', inquiryId)
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/** One attachment with its content, for a download. */
export function findAttachment(db: Executor, id: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'inquiry_id', 'filename', 'content_type', 'size', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** What the inquiry holds, without the content: names and sizes for the thread. */
export function listInquiryAttachments(db: Executor, inquiryId: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'size', 'source', 'email_id', 'inbound_message_id', 'created_at'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A quarantined message's files join the inquiry it is released into. */
export async function setInquiryOfMessageFiles(trx: Executor, inboundMessageId: string, inquiryId: string): Promise<number> {
  const rows = await trx
    .updateTable('attachments')
    .set({ inquiry_id: inquiryId })
    .where('inbound_message_id', '=', inboundMessageId)
    .returning('id')
    .execute();
  return rows.length;
}

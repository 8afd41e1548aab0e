import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import type { IncomingFile } from './attachment-limits.js';
import { safeContentType, safeFilename } from './attachment-names.js';
import { findAttachment, insertAttachments, type NewAttachmentRow, listInquiryAttachments, setInquiryOfMessageFiles, sumInquiryBytes } from './attachments.repository.js';

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface AttachmentOwner {
  inquiryId: string | null;
  inboundMessageId?: string;
  emailId?: string;
  source: 'email' | 'reply' | 'form';
}

/**
 * Stores files in the caller's transaction, named and typed safely (see
 * attachment-names.ts). Limits are the caller's to check first
 * (checkAttachments), with inquiryAttachmentBytes read in the same
 * transaction after locking the inquiry, so two messages at once cannot both
 * fit under the per-inquiry limit.
 *
 * The bytes go into Postgres (bytea), not a directory: they commit or roll
 * back with the message that brought them, are in every backup of the
 * database, and are erased with their inquiry (on delete cascade), with no
 * second store to keep in step and no path built from a stranger's filename.
 * Files are capped at a few MB, well inside what bytea handles.
 */
export async function storeAttachments(trx: Executor, owner: AttachmentOwner, files: IncomingFile[]): Promise<StoredAttachment[]> {
  const { rows, stored } = attachmentRows(owner, files);
  await insertAttachments(trx, rows);
  return stored;
}

/**
 * The files as rows to store, with their ids chosen here, and what the thread
 * will say of them: for a caller that writes them in a statement of its own
 * (attachmentsInsert).
 */
export function attachmentRows(owner: AttachmentOwner, files: IncomingFile[]): { rows: NewAttachmentRow[]; stored: StoredAttachment[] } {
  const rows = files.map((f) => ({
    id: randomUUID(),
    inquiry_id: owner.inquiryId,
    inbound_message_id: owner.inboundMessageId ?? null,
    email_id: owner.emailId ?? null,
    source: owner.source,
    filename: safeFilename(f.filename),
    content_type: safeContentType(f.contentType),
    size: f.content.length,
    sha256: createHash('sha256').update(f.content).digest('hex'),
    content: f.content,
  }));
  return { rows, stored: rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size })) };
}

/** Bytes the inquiry already holds, to check the per-inquiry limit against. */
export function inquiryAttachmentBytes(db: Executor, inquiryId: string): Promise<number> {
  return sumInquiryBytes(db, inquiryId);
}

export interface AttachmentFile extends StoredAttachment {
  inquiryId: string | null;
  content: Buffer;
}

/** One attachment with its bytes; the caller checks who may see its inquiry. */
export async function loadAttachment(db: Executor, id: string): Promise<AttachmentFile | null> {
  const row = await findAttachment(db, id);
  if (!row) return null;
  return { id: row.id, inquiryId: row.inquiry_id, filename: row.filename, contentType: row.content_type, size: row.size, content: row.content };
}

export interface ListedAttachment extends StoredAttachment {
  source: 'email' | 'reply' | 'form';
  emailId: string | null;
  inboundMessageId: string | null;
}

/** The inquiry's attachments without their bytes, oldest first: what the thread lists. */
export async function inquiryAttachments(db: Executor, inquiryId: string): Promise<ListedAttachment[]> {
  const rows = await listInquiryAttachments(db, inquiryId);
  return rows.map((r) => ({
    id: r.id,
    filename: r.filename,
    contentType: r.content_type,
    size: r.size,
    source: r.source,
    emailId: r.email_id,
    inboundMessageId: r.inbound_message_id,
  }));
}

/**
 * Files of a received message stored before it had an inquiry (quarantined
 * with inquiryId null) join the inquiry it is released into, so the desk can
 * list and serve them. Returns how many moved.
 */
export function attachMessageFilesToInquiry(trx: Executor, inboundMessageId: string, inquiryId: string): Promise<number> {
  return setInquiryOfMessageFiles(trx, inboundMessageId, inquiryId);
}

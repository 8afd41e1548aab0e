import type { Transaction } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { attachmentLimits, checkAttachments, inquiryAttachmentBytes, storeAttachments, type IncomingFile, type StoredAttachment } from '../attachments/index.js';

export interface KeptFiles {
  stored: StoredAttachment[];
  /** Why the files were not kept (a limit), for the thread; the raw message still has them. */
  refused: string | null;
}

/** The files of a message: attachments proper, not the images its HTML shows inline. */
function filesOf(mail: ParsedMail): IncomingFile[] {
  return mail.attachments
    .filter((a) => !a.related && a.contentDisposition !== 'inline')
    .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content }));
}

/**
 * The files a received message brought, stored with it and its inquiry, in
 * the transaction that threads it (the caller holds the inquiry's lock, so the
 * per-inquiry total is read under it). Over a limit none are kept, and the
 * thread says why; the compressed raw message keeps them for staff.
 */
export async function filesWithinLimits(trx: Transaction<DB>, config: Config, inquiryId: string, mail: ParsedMail): Promise<{ files: IncomingFile[]; refused: string | null }> {
  const files = filesOf(mail);
  if (files.length === 0) return { files, refused: null };
  const check = checkAttachments(files, attachmentLimits(config), await inquiryAttachmentBytes(trx, inquiryId));
  return check.ok ? { files, refused: null } : { files: [], refused: check.reason };
}

export async function storeInboundAttachments(trx: Transaction<DB>, config: Config, inquiryId: string, inboundMessageId: string, mail: ParsedMail): Promise<KeptFiles> {
  const { files, refused } = await filesWithinLimits(trx, config, inquiryId, mail);
  if (refused || files.length === 0) return { stored: [], refused };
  return { stored: await storeAttachments(trx, { inquiryId, inboundMessageId, source: 'email' }, files), refused: null };
}

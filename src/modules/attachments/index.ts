// Attachment storage: limits, safe names and types, storing in the caller's transaction, reading back.
// This feature imports no other; inbound, desk and inquiries use it.
export {
  attachmentLimits,
  checkAttachments,
  formatBytes,
  type AttachmentLimits,
  type IncomingFile,
  type LimitBroken,
  type LimitCheck,
} from './attachment-limits.js';
export { OCTET_STREAM, safeContentType, safeFilename } from './attachment-names.js';
export {
  attachMessageFilesToInquiry,
  attachmentRows,
  inquiryAttachmentBytes,
  inquiryAttachments,
  loadAttachment,
  storeAttachments,
  type AttachmentFile,
  type AttachmentOwner,
  type ListedAttachment,
  type StoredAttachment,
} from './attachments.usecases.js';
export { filesFromForm } from './form-files.js';
export { attachmentsInsert, type NewAttachmentRow } from './attachments.repository.js';

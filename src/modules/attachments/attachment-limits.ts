import type { Config } from '../../config.js';

/** A file as it arrived: from a MIME part, a multipart form field, or an API body. */
export interface IncomingFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface AttachmentLimits {
  maxFileBytes: number;
  maxFilesPerMessage: number;
  maxBytesPerMessage: number;
  maxBytesPerInquiry: number;
}

/** Which limit a refusal broke; `limit` is that limit (files or bytes), for a page that words it in its own language. */
export type LimitBroken = 'files_per_message' | 'bytes_per_file' | 'bytes_per_message' | 'bytes_per_inquiry';

/** `reason` is a sentence a person can read (shown on the desk, in a quarantine note); `code` and `limit` say the same for translation. */
export type LimitCheck = { ok: true } | { ok: false; reason: string; code: LimitBroken; limit: number; filename?: string };

export function attachmentLimits(config: Config): AttachmentLimits {
  return {
    maxFileBytes: config.ATTACHMENT_MAX_BYTES,
    maxFilesPerMessage: config.ATTACHMENTS_MAX_PER_MESSAGE,
    maxBytesPerMessage: config.ATTACHMENTS_MAX_BYTES_PER_MESSAGE,
    maxBytesPerInquiry: config.ATTACHMENTS_MAX_BYTES_PER_INQUIRY,
  };
}

/** 10485760 → "10 MB", 1536 → "1.5 KB": sizes as the reader thinks of them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 100 || Number.isInteger(value) ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

/** A size beside the limit it broke: "12.3 MB", or "more than 10 MB" where both would read the same. */
function over(bytes: number, limit: number): string {
  return formatBytes(bytes) === formatBytes(limit) ? `more than ${formatBytes(limit)}` : formatBytes(bytes);
}

/**
 * Whether these files may be added to an inquiry that already holds
 * `inquiryBytesSoFar` bytes of attachments. The first limit broken is the
 * reason; nothing is stored by the caller unless every limit holds.
 */
export function checkAttachments(files: IncomingFile[], limits: AttachmentLimits, inquiryBytesSoFar: number): LimitCheck {
  if (files.length === 0) return { ok: true };
  if (files.length > limits.maxFilesPerMessage) {
    return {
      ok: false,
      reason: `At most ${limits.maxFilesPerMessage} files can be attached at once; ${files.length} were sent.`,
      code: 'files_per_message',
      limit: limits.maxFilesPerMessage,
    };
  }
  for (const file of files) {
    if (file.content.length > limits.maxFileBytes) {
      return {
        ok: false,
        reason: `The file "${file.filename}" is ${over(file.content.length, limits.maxFileBytes)}; each file may be at most ${formatBytes(limits.maxFileBytes)}.`,
        code: 'bytes_per_file',
        limit: limits.maxFileBytes,
        filename: file.filename,
      };
    }
  }
  const total = files.reduce((sum, f) => sum + f.content.length, 0);
  if (total > limits.maxBytesPerMessage) {
    return {
      ok: false,
      reason: `The files come to ${over(total, limits.maxBytesPerMessage)} together; at most ${formatBytes(limits.maxBytesPerMessage)} can be attached at once.`,
      code: 'bytes_per_message',
      limit: limits.maxBytesPerMessage,
    };
  }
  if (inquiryBytesSoFar + total > limits.maxBytesPerInquiry) {
    const left = Math.max(0, limits.maxBytesPerInquiry - inquiryBytesSoFar);
    return {
      ok: false,
      reason: `This inquiry may hold at most ${formatBytes(limits.maxBytesPerInquiry)} of files; ${formatBytes(left)} is left, and these come to ${formatBytes(total)}.`,
      code: 'bytes_per_inquiry',
      limit: limits.maxBytesPerInquiry,
    };
  }
  return { ok: true };
}

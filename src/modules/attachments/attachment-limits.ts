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

/** `reason` is a sentence a person can read (shown on the form, the desk, a quarantine note). */
export type LimitCheck = { ok: true } | { ok: false; reason: string };

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

/**
 * Whether these files may be added to an inquiry that already holds
 * `inquiryBytesSoFar` bytes of attachments. The first limit broken is the
 * reason; nothing is stored by the caller unless every limit holds.
 */
export function checkAttachments(files: IncomingFile[], limits: AttachmentLimits, inquiryBytesSoFar: number): LimitCheck {
  if (files.length === 0) return { ok: true };
  if (files.length > limits.maxFilesPerMessage) {
    return { ok: false, reason: `At most ${limits.maxFilesPerMessage} files can be attached at once; ${files.length} were sent.` };
  }
  for (const file of files) {
    if (file.content.length > limits.maxFileBytes) {
      return {
        ok: false,
        reason: `The file "${file.filename}" is ${formatBytes(file.content.length)}; each file may be at most ${formatBytes(limits.maxFileBytes)}.`,
      };
    }
  }
  const total = files.reduce((sum, f) => sum + f.content.length, 0);
  if (total > limits.maxBytesPerMessage) {
    return {
      ok: false,
      reason: `The files come to ${formatBytes(total)} together; at most ${formatBytes(limits.maxBytesPerMessage)} can be attached at once.`,
    };
  }
  if (inquiryBytesSoFar + total > limits.maxBytesPerInquiry) {
    const left = Math.max(0, limits.maxBytesPerInquiry - inquiryBytesSoFar);
    return {
      ok: false,
      reason: `This inquiry may hold at most ${formatBytes(limits.maxBytesPerInquiry)} of files; ${formatBytes(left)} is left, and these come to ${formatBytes(total)}.`,
    };
  }
  return { ok: true };
}

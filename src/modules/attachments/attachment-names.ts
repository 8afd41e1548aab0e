/**
 * What a stored attachment is called and what type it claims. Both come from
 * strangers (a mail client, a browser) and end up in a download header and on
 * staff pages, so they are cut down to something harmless here, once, before
 * they are stored.
 */

export const MAX_FILENAME_CHARS = 150;
const MAX_EXTENSION_CHARS = 16;
export const FALLBACK_FILENAME = 'attachment';
export const OCTET_STREAM = 'application/octet-stream';

// C0/C1 controls, DEL, and the bidirectional overrides and isolates that make "gpj.exe" look like "exe.jpg".
// One character class, no quantifier across it: linear.
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/**
 * The last path segment (both slash kinds: a Windows client sends
 * C:\Users\x\file.pdf), without control or direction characters, without
 * leading dots or surrounding blanks, at most MAX_FILENAME_CHARS characters
 * keeping the extension; "attachment" when nothing is left.
 */
export function safeFilename(raw: string): string {
  const lastSlash = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
  let name = raw.slice(lastSlash + 1).normalize('NFC').replace(UNSAFE_CHAR, '').trim();
  let start = 0;
  while (start < name.length && name[start] === '.') start++;
  name = name.slice(start).trim();
  const chars = Array.from(name);
  if (chars.length > MAX_FILENAME_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
    const keepExt = ext.length > 1 && ext.length <= MAX_EXTENSION_CHARS ? ext : [];
    name = chars.slice(0, MAX_FILENAME_CHARS - keepExt.length).join('').trimEnd() + keepExt.join('');
  }
  return name === '' ? FALLBACK_FILENAME : name;
}

/**
 * Types a press office is sent and sends: documents, spreadsheets, slides,
 * images, audio, video, archives. Nothing a browser would run or render as a
 * page (text/html, image/svg+xml, application/xhtml+xml, JavaScript): those,
 * and anything unknown, are stored as application/octet-stream.
 */
const SAFE_TYPES = new Set([
  'application/pdf',
  'application/rtf',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'text/plain',
  'text/csv',
  'text/calendar',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/tiff',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'audio/wav',
  'video/mp4',
  'video/quicktime',
  'video/webm',
]);

/** The media type without parameters, lower-cased, if it is on the safe list; otherwise application/octet-stream. */
export function safeContentType(raw: string): string {
  const semicolon = raw.indexOf(';');
  const type = (semicolon < 0 ? raw : raw.slice(0, semicolon)).trim().toLowerCase();
  return SAFE_TYPES.has(type) ? type : OCTET_STREAM;
}

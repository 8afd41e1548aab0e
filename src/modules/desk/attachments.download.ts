import { safeContentType } from '../attachments/index.js';

/**
 * Content-Disposition for a download: always `attachment`, so nothing a
 * stranger sent is ever shown inline on our origin. `filename` is a plain
 * ASCII stand-in (quotes, backslashes and anything outside printable ASCII
 * become _) for old clients; `filename*` (RFC 5987/6266) carries the real
 * UTF-8 name, percent-encoded, so no character can end the header.
 */
export function contentDisposition(filename: string): string {
  let ascii = '';
  for (const ch of filename) ascii += ch >= ' ' && ch <= '~' && ch !== '"' && ch !== '\\' ? ch : '_';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The headers of every attachment download. The stored type is already from
 * the safe list; it is checked again so a row written another way can never
 * come back as a page. The CSP forbids everything and sandboxes the response
 * in case a browser renders it anyway; nothing is cached outside the browser
 * session that asked.
 */
export function downloadHeaders(file: { filename: string; contentType: string; size: number }): Record<string, string> {
  return {
    'Content-Type': safeContentType(file.contentType),
    'Content-Length': String(file.size),
    'Content-Disposition': contentDisposition(file.filename),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

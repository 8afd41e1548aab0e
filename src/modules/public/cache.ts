import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * Answers an anonymous page so browsers and shared caches can keep it: a
 * strong ETag over the exact bytes (so a 304 is always right, whatever changed
 * underneath), a short max-age so an unpublished release disappears soon, and
 * Vary on the header that picks the language.
 */
export function cacheableHtml(c: Context, html: string, opts: { maxAgeSeconds?: number; status?: 200 | 404 } = {}): Response {
  const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': `public, max-age=${opts.maxAgeSeconds ?? 60}`,
    Vary: 'Accept-Language',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304, headers);
  }
  return c.html(html, opts.status ?? 200, headers);
}

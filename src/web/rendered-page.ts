import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * A page rendered once and served many times: its UTF-8 bytes and its ETag
 * are computed when it is rendered, not on every request. Answers exactly as
 * cacheableHtml (cacheable-html.ts) does for the same HTML — same strong ETag (SHA-1 of
 * the HTML, base64url), public Cache-Control, Vary: Accept-Language, 304 on a
 * matching If-None-Match (tests/modules/public/rendered-page.test.ts holds
 * the two to the same answers). Measured: hashing and encoding a 10 kB page per
 * request cost more than the rest of the page handler (bench/README.md, "Pages benchmark").
 */
export interface RenderedPage {
  bytes: Uint8Array;
  etag: string;
}

const encoder = new TextEncoder();

export function renderedPage(html: string): RenderedPage {
  return { bytes: encoder.encode(html), etag: `"${createHash('sha1').update(html).digest('base64url')}"` };
}

export function sendRenderedPage(c: Context, page: RenderedPage, opts: { maxAgeSeconds: number }): Response {
  const headers: Record<string, string> = {
    ETag: page.etag,
    'Cache-Control': `public, max-age=${opts.maxAgeSeconds}`,
    Vary: 'Accept-Language',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(page.bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'text/html; charset=UTF-8' });
}

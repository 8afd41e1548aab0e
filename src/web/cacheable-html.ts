import type { Context } from 'hono';
import { renderedPage, sendRenderedPage } from './rendered-page.js';

/**
 * Answers an anonymous page so browsers and shared caches can keep it: a
 * strong ETag over the exact bytes (so a 304 is always right, whatever changed
 * underneath), a short max-age, and Vary on the header that picks the language.
 * For a page rendered on each request; pages kept rendered use rendered-page.ts directly.
 */
export function cacheableHtml(c: Context, html: string, opts: { maxAgeSeconds?: number } = {}): Response {
  return sendRenderedPage(c, renderedPage(html), { maxAgeSeconds: opts.maxAgeSeconds ?? 60 });
}

import type { Context } from 'hono';
import type { LibEnv } from './http-env.js';

/**
 * Whether a state-changing request came from our own pages (ASVS 3.5): Fetch
 * Metadata first, then Origin (our PUBLIC_BASE_URL or the URL we were reached
 * at). A page sent with Referrer-Policy: no-referrer (the status page) makes
 * browsers post with `Origin: null`; that passes only when Fetch Metadata says
 * same-origin. A request with neither header (an old browser, a script) passes:
 * the callers add their own checks (content type, CSRF token) on top.
 */
export function fromOurOrigin<E extends LibEnv>(c: Context<E>): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (!origin) return true;
  if (origin === 'null') return site === 'same-origin';
  return origin === new URL(c.var.deps.config.PUBLIC_BASE_URL).origin || origin === new URL(c.req.url).origin;
}

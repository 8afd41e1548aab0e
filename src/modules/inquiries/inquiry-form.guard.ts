import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';

// The public forms (inquiry, follow-up) have no session to carry a CSRF
// token; Fetch Metadata and Origin say whether the post came from our pages.

export type Refusal = 'cross_site' | 'content_type';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/** Why this POST is refused before its body is read, or null when it may go on. */
export function refuseForm(c: Context<AppEnv>): Refusal | null {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return 'cross_site';
  const origin = c.req.header('origin');
  // A page sent with Referrer-Policy: no-referrer (the status page) makes browsers post with
  // `Origin: null`; Fetch Metadata then says whether it was our own page.
  if (origin === 'null') return site === 'same-origin' ? formType(c) : 'cross_site';
  if (origin) {
    const own = new URL(c.var.deps.config.PUBLIC_BASE_URL).origin;
    if (origin !== own && origin !== new URL(c.req.url).origin) return 'cross_site';
  }
  return formType(c);
}

function formType(c: Context<AppEnv>): Refusal | null {
  return FORM_TYPE.test(c.req.header('content-type') ?? '') ? null : 'content_type';
}

/** The one-time notice after a redirect: a short-lived cookie scoped to the status page. */
export const NOTICE_COOKIE = 'pd_notice';

export function secureCookies(c: Context<AppEnv>): boolean {
  return c.var.deps.config.PUBLIC_BASE_URL.startsWith('https:');
}

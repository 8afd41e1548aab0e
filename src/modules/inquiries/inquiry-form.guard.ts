import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { fromOurOrigin } from '../../lib/same-origin.js';

// The public forms (inquiry, follow-up) have no session to carry a CSRF
// token; Fetch Metadata and Origin say whether the post came from our pages.

export type Refusal = 'cross_site' | 'content_type';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

/** Whether the post is multipart (a form with a file field). */
export const isMultipart = (c: Context<AppEnv>) => MULTIPART_TYPE.test(c.req.header('content-type') ?? '');

/** Why this POST is refused before its body is read, or null when it may go on. Multipart only for a form with files. */
export function refuseForm(c: Context<AppEnv>, opts: { multipart?: boolean } = {}): Refusal | null {
  return fromOurOrigin(c) ? formType(c, !!opts.multipart) : 'cross_site';
}

function formType(c: Context<AppEnv>, multipart: boolean): Refusal | null {
  return FORM_TYPE.test(c.req.header('content-type') ?? '') || (multipart && isMultipart(c)) ? null : 'content_type';
}

/** The one-time notice after a redirect: a short-lived cookie scoped to the status page. */
export const NOTICE_COOKIE = 'pd_notice';

export function secureCookies(c: Context<AppEnv>): boolean {
  return c.var.deps.config.PUBLIC_BASE_URL.startsWith('https:');
}

import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.js';
import type { Config } from '../config.js';
import { isApiPath, type ErrorPage } from './http-middleware.js';
import { ApiError, problemResponse } from './problem.js';

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Routes that check a tighter limit themselves, with a 413 page in the
 * reader's language: the inquiry form (twice BODY_LIMIT_BYTES) and the
 * status page's follow-up (64 KB).
 */
const OWN_LIMIT = [/^\/inquiries\/new\/?$/, /^\/inquiries\/status\/[^/]+\/follow-up\/?$/];

const DESK_REPLY = /^\/desk\/inquiries\/[^/]+\/reply\/?$/;

/** A 413 that says the limit: problem+json under /api, a readable page elsewhere. */
function tooLarge(c: Context<AppEnv>, maxSize: number, errorPage: ErrorPage): Response {
  if (isApiPath(c.req.path)) {
    return problemResponse(c, new ApiError('payload_too_large', `The body is larger than the limit of ${maxSize} bytes.`));
  }
  const kb = Math.floor(maxSize / 1024);
  return errorPage(c, new ApiError('payload_too_large', `The form sent more than ${kb} KB, more than this page takes. Shorten the text and send it again.`));
}

/**
 * A body limit on every route, before anything reads the body (so before the
 * staff CSRF check, which reads `_csrf` from a form): the API, the desk's
 * sign-in, the desk, and the public forms. Hono's bodyLimit refuses a
 * Content-Length over the limit without reading a byte, and counts a streamed
 * (chunked) body, stopping at the limit.
 */
export function bodyLimits(config: Config, errorPage: ErrorPage): MiddlewareHandler<AppEnv> {
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: (c) => tooLarge(c as Context<AppEnv>, maxSize, errorPage) });
  const api = limit(config.BODY_LIMIT_BYTES);
  const signIn = limit(config.SIGN_IN_BODY_LIMIT_BYTES);
  const desk = limit(config.DESK_BODY_LIMIT_BYTES);
  const form = limit(config.FORM_BODY_LIMIT_BYTES);
  // A received email from a mail provider: as large as the SMTP listener takes.
  const inbound = limit(config.INBOUND_MAX_BYTES);
  const deskReply = limit(config.DESK_REPLY_BODY_LIMIT_BYTES);
  return (c, next) => {
    const path = c.req.path;
    if (path === '/api/inbound/mime') return inbound(c, next);
    if (isApiPath(path)) return api(c, next);
    if (under(path, '/desk/sign-in')) return signIn(c, next);
    // The reply form carries files: it alone gets the larger limit.
    if (c.req.method === 'POST' && DESK_REPLY.test(path)) return deskReply(c, next);
    if (under(path, '/desk')) return desk(c, next);
    if (c.req.method === 'POST' && OWN_LIMIT.some((re) => re.test(path))) return next();
    return form(c, next);
  };
}

import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../config.js';
import { isApiPath, isJsonContentType, type ErrorPage } from './http-middleware.js';
import type { LibEnv } from './http-env.js';
import { nodeRequest, readNodeBody, TOO_LARGE } from './node-body.js';
import { problemResponse } from './problem.js';
import { requestErrors } from './request.errors.js';

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Routes that check a tighter limit themselves, with a 413 page in the
 * reader's language: the inquiry form (twice BODY_LIMIT_BYTES) and the
 * status page's follow-up (64 KB).
 */
const OWN_LIMIT = [/^\/inquiries\/new\/?$/, /^\/inquiries\/status\/[^/]+\/follow-up\/?$/];

const DESK_REPLY = /^\/desk\/inquiries\/[^/]+\/reply\/?$/;

/** A 413 that says the limit: problem+json under /api, a readable page elsewhere. */
function tooLarge(c: Context, maxSize: number, errorPage: ErrorPage): Response {
  if (isApiPath(c.req.path)) {
    return problemResponse(c, requestErrors.bodyTooLarge.error(`The body is larger than the limit of ${maxSize} bytes.`));
  }
  const kb = Math.floor(maxSize / 1024);
  if (DESK_REPLY.test(c.req.path)) {
    return errorPage(c, requestErrors.bodyTooLarge.error(`The reply and its files came to more than ${kb} KB, more than a reply takes. Attach fewer or smaller files and send it again.`));
  }
  return errorPage(c, requestErrors.bodyTooLarge.error(`The form sent more than ${kb} KB, more than this page takes. Shorten the text and send it again.`));
}

// UTF-8 with a leading byte-order mark dropped, as Request.text() decodes.
const utf8 = new TextDecoder();

/**
 * The API's JSON bodies, read from the Node request within the limit and
 * handed to Hono as the request's text, which c.req.json() and the validators
 * then parse: the body is read once, without a WHATWG Request around it.
 * Anything else (another type, or no Node request under app.request()) goes
 * through Hono's bodyLimit.
 */
function jsonBodyLimit<E extends LibEnv>(maxSize: number, orElse: MiddlewareHandler<E>, errorPage: ErrorPage): MiddlewareHandler<E> {
  return async (c, next) => {
    const incoming = nodeRequest(c);
    const method = c.req.method;
    if (!incoming || method === 'GET' || method === 'HEAD' || !isJsonContentType(incoming.headers['content-type'] ?? '')) return orElse(c, next);
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && !incoming.headers['transfer-encoding'] && Number.parseInt(declared, 10) > maxSize) {
      return tooLarge(c, maxSize, errorPage);
    }
    let body: Buffer | typeof TOO_LARGE;
    try {
      body = await readNodeBody(incoming, maxSize);
    } catch {
      return problemResponse(c, requestErrors.malformedJson.error('The body was cut off before it was complete.'));
    }
    if (body === TOO_LARGE) return tooLarge(c, maxSize, errorPage);
    // Hono keeps the promise of each body reading here (its type names the value).
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(utf8.decode(body));
    return next();
  };
}

/**
 * A body limit on every route, before anything reads the body (so before the
 * staff CSRF check, which reads `_csrf` from a form): the API, the desk's
 * sign-in, the desk, and the public forms. Hono's bodyLimit refuses a
 * Content-Length over the limit without reading a byte, and counts a streamed
 * (chunked) body, stopping at the limit.
 */
export function bodyLimits<E extends LibEnv>(config: Config, errorPage: ErrorPage): MiddlewareHandler<E> {
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize, errorPage) });
  const api = jsonBodyLimit(config.BODY_LIMIT_BYTES, limit(config.BODY_LIMIT_BYTES), errorPage);
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

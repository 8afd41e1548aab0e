import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { LibEnv } from './http-env.js';
import { fieldError, problemResponse, validationError, type ApiError } from './problem.js';
import { requestErrors } from './request.errors.js';
import { unpairedSurrogateAt } from './text-fields.js';

const DEFAULT_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const DEFAULT_ENTRIES = Object.entries(DEFAULT_HEADERS);
const REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * What every request goes through, in one layer (each middleware layer costs
 * a closure and a promise per request; bench:pages counts them): the deps and a
 * request id (the caller's X-Request-Id when it is sane, else a new UUID), the
 * safe default headers, then the metrics and one log line.
 *
 * The default headers are set before the handler runs, so they travel with the
 * response it builds (measured cheaper than a second pass over every response's
 * headers); a route that needs a looser CSP (the docs, a mail preview) sets its
 * own with c.header(), which replaces them. A handler that returns a Response of
 * its own bypasses them, so those get them afterwards.
 */
export function requestFrame<E extends LibEnv>(
  deps: E['Variables']['deps'],
  observe: (c: Context<E>, startedMs: number) => void,
  errorPage: ErrorPage,
): MiddlewareHandler<E> {
  return async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    const incoming = c.req.header('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    for (const [name, value] of DEFAULT_ENTRIES) c.header(name, value);
    const maxUrl = deps.config.MAX_URL_BYTES;
    if (targetLength(c.req.url) > maxUrl) {
      const tooLong = requestErrors.uriTooLong.error(`The address (path and query) is longer than ${maxUrl} bytes.`);
      c.res = isApiPath(c.req.path) ? problemResponse(c, tooLong) : errorPage(c, tooLong);
    } else {
      await next();
    }
    const headers = c.res.headers;
    if (!headers.has('x-content-type-options')) {
      for (const [name, value] of DEFAULT_ENTRIES) if (!headers.has(name)) headers.set(name, value);
    }
    if (!headers.has('x-request-id')) headers.set('X-Request-Id', id);
    // Stopping: a kept-alive client would go on sending here and hold the shutdown open; this tells it to connect again, to another process.
    if (deps.shuttingDown?.()) headers.set('Connection', 'close');
    observe(c, started);
    // Below the configured level (LOG_LEVEL=warn) the line would be dropped: skip building it.
    if (deps.logger.isLevelEnabled('info')) logRequest(c, id, started);
  };
}

/** The readable page for an error outside the API; pages are drawn above this layer (src/web), so it is passed in. */
export type ErrorPage = (c: Context, err: ApiError) => Response;

/** The path is the API (problem+json answers), `/api` itself included. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** Length of the request target (path and query) in a full URL, which is ASCII (percent-encoded). */
function targetLength(url: string): number {
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  return pathStart < 0 ? 0 : url.length - pathStart;
}

/** One log line per request: route pattern (never the raw path, which can hold tokens), status, time. */
function logRequest<E extends LibEnv>(c: Context<E>, requestId: string, started: number) {
  c.get('deps').logger.info(
    {
      requestId,
      method: c.req.method,
      // The last matched route is the endpoint's pattern even when a middleware answered first (400, 413, 415).
      route: routePath(c, -1),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    },
    'request',
  );
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** application/json, or a +json type, with or without parameters. */
export const isJsonContentType = (type: string) => JSON_TYPE.test(type);

/**
 * JSON APIs take JSON only: another content type is 415 (which also turns away
 * cross-site form posts), a body that does not parse is 400, and a string
 * with an unpaired surrogate (valid JSON, but not text) is 422 naming where.
 * The parsed body is cached by Hono for the validator.
 */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
  const type = c.req.header('content-type') ?? '';
  if (!isJsonContentType(type)) {
    throw requestErrors.notJson.error();
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw requestErrors.malformedJson.error();
  }
  const at = unpairedSurrogateAt(body);
  if (at) {
    // A key can hold the surrogate itself: named with U+FFFD in its place (a pointer cannot encode it).
    const path = at.map((p) => (typeof p === 'string' ? p.replace(/\p{Cs}/gu, '\uFFFD') : p));
    const field = path.length ? path.join('.') : '(body)';
    throw validationError([fieldError(field, 'must be Unicode text: it holds an unpaired surrogate (\\ud800–\\udfff)', path)]);
  }
  await next();
};

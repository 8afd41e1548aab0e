import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env.js';
import { ApiError, problemResponse } from './problem.js';

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

/**
 * Safe defaults on every response; a route that needs a looser CSP (the docs, a
 * mail preview) sets its own with c.header(), which replaces these. They are set
 * before the handler runs so they travel with the response it builds (one pass
 * over the headers, not a second one afterwards on every request); a handler that
 * returns a Response of its own bypasses them, so those get them afterwards.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  for (const [name, value] of DEFAULT_ENTRIES) c.header(name, value);
  await next();
  const headers = c.res.headers;
  if (headers.has('x-content-type-options')) return;
  for (const [name, value] of DEFAULT_ENTRIES) {
    if (!headers.has(name)) headers.set(name, value);
  }
};

/** One log line per request: route pattern (never the raw path, which can hold tokens), status, time. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { logger } = c.get('deps');
  // Below the configured level (LOG_LEVEL=warn) the line would be dropped: skip building it.
  if (!logger.isLevelEnabled('info')) return next();
  const started = performance.now();
  await next();
  logger.info(
    {
      requestId: c.get('requestId'),
      method: c.req.method,
      // The last matched route is the endpoint's pattern even when a middleware answered first (400, 413, 415).
      route: routePath(c, -1),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    },
    'request',
  );
};

export function apiBodyLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      problemResponse(c, new ApiError('payload_too_large', `The body is larger than the limit of ${maxSize} bytes.`)),
  });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * JSON APIs take JSON only: another content type is 415 (which also turns away
 * cross-site form posts), a body that does not parse is 400. The parsed body
 * is cached by Hono for the validator.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    await c.req.json();
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON.');
  }
  await next();
};

import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env.js';
import { sessionConfig, validateSession, type SessionConfig } from './sessions.js';
import { loadStaff, type Staff } from './staff.js';
import { fromOurOrigin } from '../../lib/same-origin.js';
import { authErrors } from './auth.errors.js';

export function sessionCookieConfig(c: Context<AppEnv>): SessionConfig {
  return sessionConfig(c.var.deps.config);
}

export function setSessionCookie(c: Context<AppEnv>, id: string) {
  const cfg = sessionCookieConfig(c);
  // No Max-Age: a browser session cookie; the server enforces idle and absolute expiry.
  setCookie(c, cfg.cookieName, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: cfg.secure });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const cfg = sessionCookieConfig(c);
  deleteCookie(c, cfg.cookieName, { path: '/', secure: cfg.secure });
}

/** Puts the signed-in staff member (or null) on the context for /desk and /api/staff. */
export const staffSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, clock } = c.var.deps;
  const cfg = sessionCookieConfig(c);
  const id = getCookie(c, cfg.cookieName);
  let staff = null;
  if (id) {
    const session = await validateSession(db, id, clock.now(), cfg);
    if (session) staff = await loadStaff(db, session.userId, { idHash: session.idHash, csrf: session.csrf });
    if (!staff) clearSessionCookie(c);
  }
  c.set('staff', staff);
  await next();
};

/** Pages send a signed-out visitor to sign in; the staff API answers 401. */
function signInFirst(c: Context<AppEnv>): Response {
  if (c.req.path.startsWith('/api/')) throw authErrors.signInRequired.error();
  const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path)}` : '';
  return c.redirect(`/desk/sign-in${back}`, 303);
}

export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.staff) return next();
  return signInFirst(c);
};

/**
 * The signed-in staff member, for a handler behind requireStaff. Hono cannot
 * narrow `c.var.staff` through a middleware mounted with `use`, so handlers ask
 * here instead of asserting; signed out, the answer is requireStaff's own.
 */
export function signedInStaff(c: Context<AppEnv>): Staff {
  const staff = c.var.staff;
  if (staff) return staff;
  throw new HTTPException(303, { res: signInFirst(c) });
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF for the staff app (ASVS 3.5): state changes only by POST-like methods
 * from our own origin (Fetch Metadata and Origin checked), never as text/plain,
 * and, once signed in, carrying the session's token (`_csrf` field or
 * X-CSRF-Token header). GETs never change state.
 */
export const staffCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!STATE_CHANGING.has(c.req.method)) return next();
  if (!fromOurOrigin(c)) throw authErrors.crossSite.error();
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('text/plain')) throw authErrors.crossSite.error('text/plain bodies are refused.');
  const staff = c.var.staff;
  if (staff) {
    let token = c.req.header('x-csrf-token');
    if (!token && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
      const form = await c.req.parseBody();
      token = typeof form._csrf === 'string' ? form._csrf : undefined;
    }
    if (token !== staff.session.csrf) throw authErrors.csrfMismatch.error();
  }
  await next();
};

import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sha256 } from './tokens.js';

/**
 * The client's address: the socket's, or with TRUST_PROXY the first
 * X-Forwarded-For entry (set by our own reverse proxy). Used for limits and,
 * hashed, in the audit log — never logged in clear.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export function clientHash(c: Context, trustProxy: boolean): string {
  return sha256(`pressdesk-client:${clientAddress(c, trustProxy)}`).slice(0, 32);
}

import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sha256 } from './tokens.js';

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/**
 * The client's address from an X-Forwarded-For value, with `trustedProxies` of
 * our own in front. Each proxy appends the address it was connected from, so
 * the client our outermost proxy saw is the n-th entry from the right; entries
 * further left were written by the client and never count. Fewer entries than
 * proxies: the leftmost, which a proxy of ours still wrote. Anything that is
 * not an IP address → null (the caller falls back to the socket).
 */
export function forwardedClient(header: string | undefined, trustedProxies: number): string | null {
  if (!header || trustedProxies < 1) return null;
  const entries = header.split(',').map((e) => e.trim());
  const entry = entries[Math.max(0, entries.length - trustedProxies)]!;
  return isIP(entry) ? normalise(entry) : null;
}

function socketAddress(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? normalise(address) : 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/**
 * The client's address: the socket's, or behind TRUST_PROXY proxies the one
 * they forwarded (see forwardedClient). Used for limits and, hashed, in the
 * audit log — never logged in clear.
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  return forwardedClient(c.req.header('x-forwarded-for'), trustedProxies) ?? socketAddress(c);
}

export function clientHash(c: Context, trustedProxies: number): string {
  return sha256(`pressdesk-client:${clientAddress(c, trustedProxies)}`).slice(0, 32);
}

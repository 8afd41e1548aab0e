import { sql } from 'kysely';
import type pg from 'pg';
import type { Executor } from './database.js';

/** DATABASE_URL names a Postgres this process cannot use; the message names host:port, never the password. */
export class DatabaseUnreachableError extends Error {
  constructor(readonly where: string, readonly reason: string) {
    super(`Cannot use the database at ${where} (DATABASE_URL): ${reason}. Check that Postgres runs there and accepts this user, or unset DATABASE_URL to use the embedded one.`);
  }
}

/** host:port of a postgres:// URL, as people write it (the default port when none is given). */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || new URLSearchParams(u.search).get('host') || 'localhost';
    return `${host}:${u.port || '5432'}`;
  } catch {
    return '(an unreadable URL)';
  }
}

function reasonFor(err: unknown, url: string): string {
  const e = (err ?? {}) as { code?: string; message?: string };
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens on that port)',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS)',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    '28P01': 'the password was refused',
    '28000': 'this user may not connect',
    '3D000': 'that database does not exist',
  };
  let reason = (e.code && known[e.code]) || (e.message ? e.message.split('\n')[0]! : String(err));
  if (/timeout/i.test(reason)) reason = 'the connection timed out';
  // Driver messages do not include the password today; make sure they never do.
  const password = (() => {
    try {
      return decodeURIComponent(new URL(url).password);
    } catch {
      return '';
    }
  })();
  return password ? reason.replaceAll(password, '***') : reason;
}

/** One round trip before anything else, so an unreachable DATABASE_URL is said plainly. */
export async function checkDatabase(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('select 1');
  } catch (err) {
    throw new DatabaseUnreachableError(databaseAddress(url), reasonFor(err, url));
  }
}

/** One round trip through the app's own pool: throws when the database cannot answer (readiness). */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}

import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { randomToken, sha256 } from '../../lib/tokens.js';

export interface SessionConfig {
  idleMs: number;
  absoluteMs: number;
  secure: boolean;
  cookieName: string;
}

/** `__Host-` and Secure only over TLS: browsers refuse both on plain http://localhost. */
export function sessionConfig(config: Pick<Config, 'PUBLIC_BASE_URL' | 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>): SessionConfig {
  const secure = config.PUBLIC_BASE_URL.startsWith('https://');
  return {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
    secure,
    cookieName: secure ? '__Host-pd_session' : 'pd_session',
  };
}

/** A new session with a fresh 256-bit id (never reused across sign-ins) and its CSRF token. */
export async function createSession(db: Database, userId: string, now: Date, cfg: SessionConfig) {
  const id = randomToken();
  const csrf = randomToken();
  await db
    .insertInto('staff_sessions')
    .values({ id_hash: sha256(id), user_id: userId, csrf_token: csrf, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + cfg.absoluteMs) })
    .execute();
  return { id, csrf };
}

/**
 * The session behind a cookie value, if it is alive: not past its absolute
 * expiry, used within the idle timeout, and its user still active. Activity is
 * recorded at most once a minute.
 */
export async function validateSession(db: Database, id: string, now: Date, cfg: SessionConfig) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const idHash = sha256(id);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.csrf_token', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.active'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return null;
  const idleExpired = now.getTime() - row.last_seen_at.getTime() > cfg.idleMs;
  if (!row.active || row.expires_at <= now || idleExpired) {
    await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { idHash, userId: row.user_id, csrf: row.csrf_token };
}

export async function deleteSession(db: Database, idHash: string) {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
}

/** Sign out everywhere, and what disabling an account does. */
export async function deleteUserSessions(db: Database, userId: string) {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

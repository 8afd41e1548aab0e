import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import { deleteSessionByHash, findSessionWithUser, insertSession, touchSession } from './sessions.repository.js';

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
export async function createSession(db: Executor, userId: string, now: Date, cfg: SessionConfig) {
  const id = randomToken();
  const csrf = randomToken();
  await insertSession(db, { idHash: sha256(id), userId, csrf, now, expiresAt: new Date(now.getTime() + cfg.absoluteMs) });
  return { id, csrf };
}

/**
 * The session behind a cookie value, if it is alive: not past its absolute
 * expiry, used within the idle timeout, and its user still active. Activity is
 * recorded at most once a minute.
 */
export async function validateSession(db: Executor, id: string, now: Date, cfg: SessionConfig) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const idHash = sha256(id);
  const row = await findSessionWithUser(db, idHash);
  if (!row) return null;
  const idleExpired = now.getTime() - row.last_seen_at.getTime() > cfg.idleMs;
  if (!row.active || row.expires_at <= now || idleExpired) {
    await deleteSessionByHash(db, idHash);
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await touchSession(db, idHash, now);
  }
  return { idHash, userId: row.user_id, csrf: row.csrf_token };
}

import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import type { TokenRole } from '../../db/schema.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import { findUnrevokedApiToken, insertApiToken, insertApiTokenIfAbsent } from './api-tokens.repository.js';
import { authErrors } from './auth.errors.js';

/** Tokens are shown once and stored only as a SHA-256 hash (they are 256 random bits, so no slow hash is needed). */
export async function createApiToken(db: Executor, name: string, role: TokenRole): Promise<string> {
  const token = `pd_${randomToken()}`;
  await insertApiToken(db, { name, role, tokenHash: sha256(token) });
  return token;
}

/** Registers a token chosen by the operator (ADMIN_TOKEN); idempotent. */
export async function ensureApiToken(db: Executor, token: string, name: string, role: TokenRole): Promise<void> {
  await insertApiTokenIfAbsent(db, { name, role, tokenHash: sha256(token) });
}

export async function findTokenRole(db: Executor, token: string): Promise<{ id: string; role: TokenRole } | null> {
  const row = await findUnrevokedApiToken(db, sha256(token));
  return row ?? null;
}

/**
 * Bearer-token access for the admin and integrator APIs. A missing or unknown
 * token is 401; a valid token without the role is 403. Checked on the server
 * for every request; staff sessions join this in the desk.
 */
export function requireRole(...roles: TokenRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{16,200})$/.exec(header);
    const unauthorized = authErrors.tokenRequired.error(undefined, { headers: { 'WWW-Authenticate': 'Bearer realm="pressdesk"' } });
    if (!match) throw unauthorized;
    const found = await findTokenRole(c.var.deps.db, match[1]!);
    if (!found) throw unauthorized;
    if (!roles.includes(found.role)) throw authErrors.tokenRoleRefused.error(`This token's role (${found.role}) may not do this.`);
    c.set('apiTokenId', found.id);
    await next();
  };
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { randomToken } from '../../lib/tokens.js';
import { ensureApiToken } from './api-tokens.js';

/**
 * An admin token for the admin API from the first start: ADMIN_TOKEN when the
 * operator sets one; otherwise, for the zero set-up demo on the embedded
 * database, a random token kept in DATA_DIR/admin-token (mode 0600) so
 * `npm start` can print it. Never a fixed, well-known token.
 */
export async function bootstrapAdminToken(
  db: Database,
  config: Pick<Config, 'ADMIN_TOKEN' | 'DATA_DIR'>,
  embedded: boolean,
): Promise<{ token: string; source: 'ADMIN_TOKEN' | 'file' } | null> {
  if (config.ADMIN_TOKEN) {
    await ensureApiToken(db, config.ADMIN_TOKEN, 'ADMIN_TOKEN', 'admin');
    return { token: config.ADMIN_TOKEN, source: 'ADMIN_TOKEN' };
  }
  if (!embedded) return null;
  const file = path.resolve(config.DATA_DIR, 'admin-token');
  let token = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!token) {
    token = `pd_${randomToken()}`;
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
  }
  await ensureApiToken(db, token, 'demo admin (DATA_DIR/admin-token)', 'admin');
  return { token, source: 'file' };
}

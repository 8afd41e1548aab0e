import path from 'node:path';
import type { Config } from '../config.js';
import { seedDemo } from '../../db/seeds/demo.js';
import { DEMO_STAFF } from '../../db/seeds/demo-staff.js';
import { readOrCreateSecret } from '../lib/secret-file.js';
import { randomToken } from '../lib/tokens.js';
import { hashPassword, verifyPassword } from '../modules/auth/passwords.js';
import type { Database } from './database.js';

/** Demo data on first start (SEED_DEMO=auto: only into an empty directory), always with SEED_DEMO=true. */
export async function seedIfEmpty(db: Database, config: Pick<Config, 'SEED_DEMO'>, staffPassword: () => string): Promise<boolean> {
  if (config.SEED_DEMO === 'false') return false;
  if (config.SEED_DEMO === 'auto') {
    const any = await db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
    if (any) return false;
  }
  await seedDemo(db, { staffPassword: staffPassword() });
  return true;
}

export interface DemoPassword {
  password: string;
  source: 'DEMO_PASSWORD' | 'file';
  file: string;
}

/**
 * The demo accounts' password: DEMO_PASSWORD when set, else one made for this
 * install on first use and kept in DATA_DIR/demo-password (mode 0600), so no
 * working password is written down anywhere but on this machine.
 */
export function demoPassword(config: Pick<Config, 'DEMO_PASSWORD' | 'DATA_DIR'>): DemoPassword {
  const file = path.resolve(config.DATA_DIR, 'demo-password');
  if (config.DEMO_PASSWORD) return { password: config.DEMO_PASSWORD, source: 'DEMO_PASSWORD', file };
  return { password: readOrCreateSecret(file, () => randomToken(12)), source: 'file', file };
}

// Installs seeded before the password was per install share this one, which was
// published in the README; it must stop working.
const OLD_PUBLISHED_PASSWORD = 'pressdesk-demo';

/**
 * Demo accounts still on the old published password get `password` instead
 * (and lose their sessions). One argon2 check per start: the seed gave every
 * demo account the same hash, so only the most common one is tried.
 */
export async function retireOldDemoPassword(db: Database, password: string): Promise<number> {
  if (password === OLD_PUBLISHED_PASSWORD) return 0;
  const emails = DEMO_STAFF.map((s) => s.email);
  const shared = await db
    .selectFrom('staff_users')
    .select('password_hash')
    .where('email', 'in', emails)
    .where('password_hash', 'is not', null)
    .groupBy('password_hash')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!shared?.password_hash || !(await verifyPassword(shared.password_hash, OLD_PUBLISHED_PASSWORD))) return 0;
  const newHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('staff_users')
      .set({ password_hash: newHash })
      .where('email', 'in', emails)
      .where('password_hash', '=', shared.password_hash)
      .returning('id')
      .execute();
    if (changed.length) await trx.deleteFrom('staff_sessions').where('user_id', 'in', changed.map((u) => u.id)).execute();
    return changed.length;
  });
}

import path from 'node:path';
import type { Config } from '../config.js';
import { seedDemo } from '../../db/seeds/demo.js';
import { readOrCreateSecret } from '../lib/secret-file.js';
import { randomToken } from '../lib/tokens.js';
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

import type { Config } from '../config.js';
import { seedDemo } from '../../db/seeds/demo.js';
import type { Database } from './database.js';

/** Demo data on first start (SEED_DEMO=auto: only into an empty directory), always with SEED_DEMO=true. */
export async function seedIfEmpty(db: Database, config: Pick<Config, 'SEED_DEMO' | 'DEMO_PASSWORD'>): Promise<boolean> {
  if (config.SEED_DEMO === 'false') return false;
  if (config.SEED_DEMO === 'auto') {
    const any = await db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
    if (any) return false;
  }
  await seedDemo(db, { staffPassword: config.DEMO_PASSWORD });
  return true;
}

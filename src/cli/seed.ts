import { seedDemo } from '../../db/seeds/demo.js';
import { migrateToLatest } from '../db/migrate.js';
import { demoPassword } from '../db/seed.js';
import { openDatabase } from './bootstrap.js';

const { db, pool, config, close } = await openDatabase();
try {
  await migrateToLatest(db, pool);
  await seedDemo(db, { staffPassword: demoPassword(config).password });
  console.log('Demo data is loaded (offices, contacts, topics and the Beijing 2010 release).');
} catch (err) {
  console.error(String((err as Error).message));
  process.exitCode = 1;
} finally {
  await close();
}

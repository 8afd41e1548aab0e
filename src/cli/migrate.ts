import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from './bootstrap.js';

const { db, pool, close } = await openDatabase();
try {
  const applied = await migrateToLatest(db, pool);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
} catch (err) {
  console.error(String((err as Error).message));
  process.exitCode = 1;
} finally {
  await close();
}

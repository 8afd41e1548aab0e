import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type Kysely } from 'kysely';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import type pg from 'pg';

export const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** Brings the schema up to date: ours through Kysely's Migrator, then the job queue's own. */
export async function migrateToLatest(db: Kysely<any>, pool: pg.Pool): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  await runWorkerMigrations({ pgPool: pool, logger: quietWorkerLogger });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

const quietWorkerLogger = new Logger(() => () => {});

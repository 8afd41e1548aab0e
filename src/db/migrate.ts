import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import type pg from 'pg';

export const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/**
 * The files in db/migrations, imported from our own module (not from inside
 * Kysely's FileMigrationProvider) so the import goes through whatever loader
 * runs the app: tsx in production, Vite's module runner in tests.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(migrationsFolder)).filter((f) => /^\d.*\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(migrationsFolder, file)).href)) as Migration;
    }
    return migrations;
  },
};

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: folderProvider });
}

const quietWorkerLogger = new Logger(() => () => {});

/** Brings the schema up to date: ours through Kysely's Migrator, then the job queue's own. */
export async function migrateToLatest(db: Kysely<any>, pool: pg.Pool): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  await runWorkerMigrations({ pgPool: pool, logger: quietWorkerLogger });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

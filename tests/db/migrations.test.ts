import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seeds/demo.js';
import { createMigrator, migrationsFolder } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MIGRATION_TABLES, publicColumns, publicConstraints, publicIndexes } from './introspect.js';

// Each test gets its own freshly migrated database, so a failure in one cannot leave the other half-migrated.
let tdb: TestDatabase;
beforeEach(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  await tdb.drop();
});

const migrationNames = readdirSync(migrationsFolder)
  .filter((f) => /^\d.*\.ts$/.test(f))
  .sort()
  .map((f) => f.replace(/\.ts$/, ''));

async function snapshot() {
  const db = tdb.db;
  const { rows: sequences } = await sql<{ name: string }>`
    select sequence_name as name from information_schema.sequences where sequence_schema = 'public' order by 1`.execute(db);
  return {
    columns: await publicColumns(db),
    indexes: await publicIndexes(db),
    constraints: await publicConstraints(db),
    sequences,
  };
}

describe('migrations in a fresh database', () => {
  it('migrate all the way down, one step at a time, then back up to the same schema', async () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    const before = await snapshot();
    expect(before.columns.length).toBeGreaterThan(0);
    const migrator = createMigrator(tdb.db);
    expect((await migrator.getMigrations()).map((m) => [m.name, m.executedAt !== undefined])).toEqual(
      migrationNames.map((n) => [n, true]),
    );

    // Down: each step undoes the newest applied migration, until none is left.
    const undone: string[] = [];
    for (let step = 0; step <= migrationNames.length; step++) {
      const { error, results } = await migrator.migrateDown();
      expect(error).toBeUndefined();
      if (!results?.length) break;
      expect(results).toHaveLength(1);
      expect(results[0]!.status).toBe('Success');
      expect(results[0]!.direction).toBe('Down');
      undone.push(results[0]!.migrationName);
    }
    expect(undone).toEqual([...migrationNames].reverse());

    const empty = await snapshot();
    expect(empty.columns.map((c) => c.table).filter((t) => !MIGRATION_TABLES.includes(t))).toEqual([]);
    expect(empty.sequences).toEqual([]);
    expect(empty.indexes.filter((i) => !MIGRATION_TABLES.some((t) => i.definition.includes(` ${t} `) || i.definition.includes(`.${t} `)))).toEqual([]);
    expect((await migrator.getMigrations()).every((m) => m.executedAt === undefined)).toBe(true);

    // Up again: every migration applies, and the schema is what it was.
    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual(migrationNames.map((n) => [n, 'Success']));
    expect(await snapshot()).toEqual(before);

    // And it works: the demo data loads into it.
    await seedDemo(tdb.db);
    const offices = await tdb.db.selectFrom('offices').select('code').orderBy('code').execute();
    expect(offices.map((o) => o.code)).toEqual(['china', 'eapro', 'hq', 'malaysia']);
  });

  it('migrating to latest when already at latest does nothing', async () => {
    const { error, results } = await createMigrator(tdb.db).migrateToLatest();
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
  });
});

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, createPool } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startEmbeddedPostgres } from '../../src/lib/embedded-postgres.js';
import { findChromium } from '../browser/find-chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server to connect to for CREATE/DROP DATABASE. */
    adminUrl: string;
    /** Migrated, empty database each test file copies. */
    templateDatabase: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * One Postgres for the run: the server at TEST_DATABASE_URL when set (CI uses
 * this machine's), otherwise an embedded one in a temporary folder. The schema
 * is migrated once into a template; every test file gets its own copy.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let tmp: string | null = null;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-test-pg-'));
    chmodSync(tmp, 0o755); // as root, Postgres runs as its own user and must reach the folder
    const embedded = await startEmbeddedPostgres({ dataDir: tmp, database: 'postgres', persistent: false });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }

  // Unpack the packaged Chromium (when it is the one used) once, before test files run in parallel.
  await findChromium();

  const template = `pressdesk_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const pool = createPool(withDatabase(adminUrl, template), 2);
  const db = createDatabase(pool);
  await migrateToLatest(db, pool);
  await db.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    // Drop what this run made: the copies (named after the template) and the template.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${template.replace('_tpl_', '_t_')}%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
    if (stopEmbedded) await stopEmbedded();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
}

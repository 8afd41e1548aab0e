import { ConfigError, loadConfig, type Config } from '../config.js';
import { createDatabase, createPool, type Database } from '../db/database.js';
import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database.js';
import { checkDatabase } from '../db/check-database.js';
import { describeStartupFailure } from '../startup-failure.js';
import { createLogger, type Logger } from '../lib/logger.js';
import type pg from 'pg';

/** Shared start for the helper commands: config, then the database (attaching to a running embedded one). */
export async function openDatabase(opts: { poolSize?: (config: Config) => number } = {}): Promise<{ config: Config; logger: Logger; url: string; pool: pg.Pool; db: Database; close(): Promise<void> }> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let database: ResolvedDatabase;
  let pool: pg.Pool;
  try {
    database = await resolveDatabase(config, { attach: true });
    pool = createPool(database.url, opts.poolSize?.(config) ?? 4, logger);
    if (!database.embedded) await checkDatabase(pool, database.url);
  } catch (err) {
    console.error(describeStartupFailure(err, config));
    process.exit(1);
  }
  const db = createDatabase(pool);
  return {
    config,
    logger,
    url: database.url,
    pool,
    db,
    async close() {
      await db.destroy();
      await database.stop();
    },
  };
}

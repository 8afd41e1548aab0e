import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from '../lib/logger.js';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;
/** What every repository function takes first: the database, or the caller's transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

// bigint counts come back as strings by default; ours fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Every pool of every process comes from here. A killed backend
 * (pg_terminate_backend, a Postgres restart) makes its client emit 'error';
 * an EventEmitter without a listener throws that, ending the process. pg-pool
 * listens only while a client is idle: a checked-out client (a transaction
 * between two statements, graphile-worker's LISTEN client) has no listener of
 * its own. So each client gets one for its whole life when it connects. The
 * error itself also reaches whatever query is running, and a client that
 * failed is dropped from the pool when it is released.
 */
export function createPool(connectionString: string, max: number, logger?: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  const lost = (err: Error) => logger?.warn({ err: err.message }, 'database connection lost');
  pool.on('connect', (client) => client.on('error', lost));
  // Emitted for idle clients, after the client's own listener above has logged it.
  pool.on('error', () => {});
  return pool;
}

export function createDatabase(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

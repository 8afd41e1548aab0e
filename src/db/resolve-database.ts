import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { DataDirInUseError, startEmbeddedPostgres } from '../lib/embedded-postgres.js';

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
 * DATABASE_URL when set; otherwise the embedded Postgres under DATA_DIR. The
 * server owns the embedded cluster; helper commands (migrate, seed, worker)
 * attach to one that is already running instead of starting a second.
 */
export async function resolveDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>,
  opts: { attach: boolean; onLog?: (line: string) => void },
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const running = runningEmbeddedPort(config.DATA_DIR);
  if (running && opts.attach) {
    return { url: `postgres://postgres:postgres@127.0.0.1:${running}/pressdesk`, embedded: true, stop: async () => {} };
  }
  if (running) {
    const pid = Number(readFileSync(path.resolve(config.DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    throw new DataDirInUseError(path.resolve(config.DATA_DIR), pid);
  }
  const pg = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, onLog: opts.onLog });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

/**
 * The service under load, shared by `bench:intake` and `bench:routing`: an
 * embedded Postgres in a temporary folder, the service as `npm start` runs it,
 * and the intake runs. The service's modules are passed in, so the same
 * measurement can run an older checkout of the tree for a before/after.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Config } from '../src/config.js';
import type { EmbeddedDatabase } from '../src/lib/embedded-postgres.js';
import type { Running } from '../src/runtime.js';
import { cpuMeter, postmasterPid, type CpuMeter } from './cpu.js';
import { hammer, type LoadSettings, type Measurement, type MeasuredHooks } from './load.js';

/** What the benchmark needs from a source tree (type-only imports: an older tree is loaded at run time). */
export interface ServiceModules {
  loadConfig: typeof import('../src/config.js').loadConfig;
  startEmbeddedPostgres: typeof import('../src/lib/embedded-postgres.js').startEmbeddedPostgres;
  createLogger: typeof import('../src/lib/logger.js').createLogger;
  startService: typeof import('../src/runtime.js').startService;
}

/** This checkout's root. */
export const CURRENT_TREE = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Loads the service from a checkout's `src` (this one, or e.g. a `git worktree` of an earlier commit). */
export async function importTree(root: string): Promise<ServiceModules> {
  const load = (rel: string) => import(pathToFileURL(path.join(root, rel)).href);
  const [config, embedded, logger, runtime] = await Promise.all([
    load('src/config.ts'),
    load('src/lib/embedded-postgres.ts'),
    load('src/lib/logger.ts'),
    load('src/runtime.ts'),
  ]);
  return {
    loadConfig: config.loadConfig,
    startEmbeddedPostgres: embedded.startEmbeddedPostgres,
    createLogger: logger.createLogger,
    startService: runtime.startService,
  };
}

export function intEnv(name: string, def: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}
export function settingsFromEnv(): LoadSettings {
  return {
    connections: intEnv('BENCH_CONNECTIONS', 50),
    seconds: intEnv('BENCH_DURATION', 10),
    warmupSeconds: intEnv('BENCH_WARMUP', 2, 0),
    maxRequests: intEnv('BENCH_MAX_REQUESTS', 1_000_000),
  };
}

export interface Counts {
  inquiries: number;
  emails: number;
  delivered: number;
  queued: number;
  failed: number;
}

export interface BenchService {
  running: Running;
  embedded: EmbeddedDatabase;
  config: Config;
  serviceUrl: string;
  meter: CpuMeter;
  counts(): Promise<Counts>;
  /**
   * Waits until requests the load generator gave up on at the end of a run have
   * finished on the server, so counts are final and nothing runs into shutdown.
   */
  settle(): Promise<void>;
}

/**
 * Start with `start()`; `cleanup()` stops whatever was started (also halfway,
 * and also after Ctrl-C) and deletes the temporary folder. Both are idempotent.
 */
export function benchService(mods: ServiceModules, env: Record<string, string> = {}) {
  let tmp: string | null = null;
  let embedded: EmbeddedDatabase | null = null;
  let running: Running | null = null;
  let cleaning: Promise<void> | null = null;

  async function start(): Promise<BenchService> {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-bench-'));
    chmodSync(tmp, 0o755); // as root, Postgres runs as its own user and must reach the folder
    embedded = await mods.startEmbeddedPostgres({ dataDir: tmp, persistent: false });
    const meter = cpuMeter(postmasterPid(path.join(tmp, 'postgres')));

    // The service as `npm start` composes it (migrations, demo seed, inline worker,
    // capture mailer, pool of DB_POOL_SIZE), only quieter and on loopback.
    const passThrough = Object.fromEntries(
      ['DB_POOL_SIZE', 'WORKER', 'WORKER_CONCURRENCY'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
    );
    const config = mods.loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: embedded.url,
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_BASE_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'warn',
      // Every request comes from loopback with one reporter address: the flood limits would measure themselves.
      INTAKE_MAX_PER_CLIENT: '100000000',
      ACK_MAX_PER_ADDRESS_PER_HOUR: '100000000',
      // No SMTP listener for replies: a benchmark that wants one starts its own on a free port.
      INBOUND_SMTP: 'off',
      ...env,
      ...passThrough,
    });
    // Service logs go to stderr so the report on stdout stays readable.
    const r = await mods.startService(config, mods.createLogger(config.LOG_LEVEL, process.stderr), { workerLogFd: 2 });
    running = r;
    const counts = async (): Promise<Counts> => {
      const { rows } = await sql<Counts>`
        select (select count(*) from inquiries)::int as inquiries,
               (select count(*) from emails)::int as emails,
               (select count(*) from emails where status in ('sent', 'captured'))::int as delivered,
               (select count(*) from emails where status = 'queued')::int as queued,
               (select count(*) from emails where status = 'failed')::int as failed`.execute(r.deps.db);
      return rows[0]!;
    };
    const settle = async () => {
      let last = -1;
      for (let i = 0; i < 50; i++) {
        const { inquiries } = await counts();
        if (inquiries === last) return;
        last = inquiries;
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    return { running: r, embedded, config, serviceUrl: r.url.replace('localhost', '127.0.0.1'), meter, counts, settle };
  }

  function cleanup(): Promise<void> {
    cleaning ??= (async () => {
      await running?.stop('benchmark finished').catch((err) => console.error('service stop failed:', err));
      // pg-pool's end() resolves before its sockets have closed; stopping Postgres
      // at once makes the worker log "terminating connection" errors for them.
      if (running) await new Promise((r) => setTimeout(r, 300));
      // Bounded: after Ctrl-C, Postgres (same process group) has already exited,
      // and embedded-postgres' stop() then waits for an exit event that never comes.
      await Promise.race([
        embedded?.stop().catch((err) => console.error('postgres stop failed:', err)),
        new Promise((r) => setTimeout(r, 5_000).unref()),
      ]);
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    })();
    return cleaning;
  }

  return { start, cleanup };
}

/** One intake run: `connections` clients posting inquiries, then waiting for stragglers. */
export async function measureIntake(svc: BenchService, label: string, s: LoadSettings, hooks?: MeasuredHooks): Promise<Measurement> {
  const m = await hammer(label, `${svc.serviceUrl}/api/inquiries`, s, svc.meter, hooks);
  await svc.settle();
  return m;
}

/**
 * `npm run bench:intake`: the whole service (HTTP + worker, as `npm start`
 * runs it) on an embedded Postgres, measured against two floors taken on the
 * same machine in the same run: a bare Hono handler and raw single-row INSERT
 * transactions through pg. See bench/README.md for how to read the figures.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/lib/embedded-postgres.js';
import { createLogger } from '../src/lib/logger.js';
import { startService, type Running } from '../src/runtime.js';
import { cpuMeter, postmasterPid } from './cpu.js';
import { bareHonoApp, hammer, listen, rawInsertFloor, type LoadSettings, type Measurement } from './load.js';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;

function intEnv(name: string, def: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

const settings: LoadSettings = {
  connections: intEnv('BENCH_CONNECTIONS', 50),
  seconds: intEnv('BENCH_DURATION', 10),
  warmupSeconds: intEnv('BENCH_WARMUP', 2, 0),
  maxRequests: intEnv('BENCH_MAX_REQUESTS', 1_000_000),
};

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(rows: Measurement[]): string {
  const head = ['', 'ops/s', 'p50 ms', 'p99 ms', 'ok', 'failures', 'cpu ms/op node', 'postgres'];
  const body = rows.map((r) => [
    r.label,
    fmt(r.rate),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    String(r.ok),
    r.failures ? `${r.failures} (${r.failureDetail})` : '0',
    r.cpuPerOp ? fmt(r.cpuPerOp.node, 2) : '–',
    r.cpuPerOp ? fmt(r.cpuPerOp.postgres, 2) : '–',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '))
    .join('\n');
}

interface Counts {
  inquiries: number;
  emails: number;
  delivered: number;
  queued: number;
  failed: number;
}

async function counts(running: Running): Promise<Counts> {
  const { rows } = await sql<Counts>`
    select (select count(*) from inquiries)::int as inquiries,
           (select count(*) from emails)::int as emails,
           (select count(*) from emails where status in ('sent', 'captured'))::int as delivered,
           (select count(*) from emails where status = 'queued')::int as queued,
           (select count(*) from emails where status = 'failed')::int as failed`.execute(running.deps.db);
  return rows[0]!;
}

/**
 * Waits until requests the load generator gave up on at the end of a run have
 * finished on the server, so counts are final and nothing runs into shutdown.
 */
async function settle(running: Running): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const { inquiries } = await counts(running);
    if (inquiries === last) return;
    last = inquiries;
    await new Promise((r) => setTimeout(r, 200));
  }
}

let tmp: string | null = null;
let embedded: EmbeddedDatabase | null = null;
let running: Running | null = null;
let cleaning: Promise<void> | null = null;

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

// embedded-postgres' own signal handlers are removed (src/lib/embedded-postgres.ts): stop everything ourselves.
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

async function main(): Promise<number> {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-bench-'));
  chmodSync(tmp, 0o755); // as root, Postgres runs as its own user and must reach the folder
  embedded = await startEmbeddedPostgres({ dataDir: tmp, persistent: false });
  const meter = cpuMeter(postmasterPid(path.join(tmp, 'postgres')));

  // The service as `npm start` composes it (migrations, demo seed, inline worker,
  // capture mailer, pool of DB_POOL_SIZE), only quieter and on loopback.
  const passThrough = Object.fromEntries(
    ['DB_POOL_SIZE', 'WORKER', 'WORKER_CONCURRENCY'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
  );
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: embedded.url,
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'warn',
    ...passThrough,
  });
  // Service logs go to stderr so the report on stdout stays readable.
  running = await startService(config, createLogger(config.LOG_LEVEL, process.stderr));
  const serviceUrl = running.url.replace('localhost', '127.0.0.1');

  const { rows } = await sql<{ v: string; sc: string }>`select current_setting('server_version') as v, current_setting('synchronous_commit') as sc`.execute(running.deps.db);
  const cpus = os.cpus();
  console.log(`Pressdesk intake benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${rows[0]!.v} (embedded, synchronous_commit=${rows[0]!.sc})`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  console.log(`load: ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up, cap ${settings.maxRequests} requests; service pool ${config.DB_POOL_SIZE}, worker concurrency ${config.WORKER === 'inline' ? config.WORKER_CONCURRENCY : 'off'}`);

  process.stdout.write('\n1/4 bare Hono handler … ');
  const bare = await listen(bareHonoApp().fetch);
  const floorHttp = await hammer('bare Hono 201', bare.url, settings, meter).finally(() => bare.close());
  console.log(`${fmt(floorHttp.rate)} req/s`);

  process.stdout.write('2/4 raw INSERT transactions … ');
  const floorDb = await rawInsertFloor(embedded.url, settings, meter);
  console.log(`${fmt(floorDb.rate)} tx/s`);

  // One client at a time: the latency of an inquiry when nothing queues.
  process.stdout.write('3/4 intake, 1 connection … ');
  const single = await hammer('intake, 1 connection', `${serviceUrl}/api/inquiries`, { ...settings, connections: 1 }, meter);
  console.log(`${fmt(single.rate)} inquiries/s`);
  await settle(running);

  process.stdout.write(`4/4 intake, ${settings.connections} connections … `);
  const intake = await hammer(`intake, ${settings.connections} conn.`, `${serviceUrl}/api/inquiries`, settings, meter);
  console.log(`${fmt(intake.rate)} inquiries/s`);
  await settle(running);
  const after = await counts(running);

  const measured = [floorHttp, floorDb, single, intake];

  const ratio = intake.rate / floorDb.rate;
  const ratioMet = ratio >= TARGET_RATIO;
  const p99Met = intake.p99 < TARGET_P99_MS;
  console.log(`\n${table(measured)}\n`);
  console.log(`intake / raw INSERT rate: ${fmt(ratio, 2)}   target ≥ ${TARGET_RATIO}: ${ratioMet ? 'met' : 'NOT met'}`);
  console.log(`intake / bare Hono rate:  ${fmt(intake.rate / floorHttp.rate, 2)}`);
  console.log(`intake p99: ${fmt(intake.p99, 1)} ms   target < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'}`);
  console.log(
    `after the intake runs (warm-ups included): ${after.inquiries} inquiries, ${after.emails} email rows (${fmt(after.emails / Math.max(after.inquiries, 1), 2)} per inquiry); ` +
      `by the end the worker had sent ${after.delivered}, ${after.queued} still queued, ${after.failed} failed`,
  );

  const failed = measured.filter((m) => m.failures > 0);
  for (const m of failed) console.error(`ERROR: ${m.label} had ${m.failures} failures: ${m.failureDetail}`);
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
} finally {
  await cleanup();
}
process.exit(code);

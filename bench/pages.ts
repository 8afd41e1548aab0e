/**
 * `npm run bench:pages`: the public pages for anonymous readers under load,
 * next to a bare Hono handler measured in the same run on the same machine.
 * The service is the one `npm start` runs (embedded Postgres, demo data,
 * inline worker), on loopback only. See bench/README.md, "Pages benchmark".
 *
 * The servers (the service, the same app without its page cache, and the bare
 * Hono floor) run in a child process of their own (`--serve`), and the load
 * generator here: sharing one process, the load generator's work and garbage
 * collection were measured as the server's.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { DEMO_ARTICLE_SLUG } from '../db/seeds/demo.js';
import { createApp } from '../src/app.js';
import { benchService, CURRENT_TREE, importTree, settingsFromEnv } from './intake-run.js';
import { listen, type LoadSettings } from './load.js';
import { parentPid, processMeter, type CpuMeter } from './cpu.js';

const TARGET_RATIO = 0.5;
const settings: LoadSettings = settingsFromEnv();

interface Run {
  label: string;
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  failures: number;
  failureDetail: string;
  /** CPU ms per answered request: this process (server and load generator) and Postgres. */
  cpu: { node: number; postgres: number } | null;
}

// Readers in the three languages, by Accept-Language, in turn.
const LANGUAGES = ['en-GB,en;q=0.9', 'zh-CN,zh;q=0.9', 'ms-MY,ms;q=0.9,en;q=0.5'];

/** GETs `paths` in turn (each with the three Accept-Language headers) and counts the answers with `expect` status. */
async function measure(label: string, baseUrl: string, paths: string[], expect: number, meter: CpuMeter, extraHeaders: Record<string, string>[] = [{}]): Promise<Run> {
  const requests = paths.flatMap((path) =>
    LANGUAGES.flatMap((lang, i) => ({ method: 'GET', path, headers: { 'accept-language': lang, ...extraHeaders[i % extraHeaders.length] } })),
  );
  const run = (duration: number) =>
    autocannon({ url: baseUrl, connections: settings.connections, duration, maxOverallRequests: settings.maxRequests, workers: 1, timeout: 10, requests });
  if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
  const stop = meter();
  const r = await run(settings.seconds);
  const spent = stop();
  const ok = r.statusCodeStats[String(expect)]?.count ?? 0;
  const other = Object.entries(r.statusCodeStats)
    .filter(([code]) => code !== String(expect))
    .map(([code, { count }]) => `${count}×${code}`);
  if (r.errors) other.push(`${r.errors} errors`);
  if (r.timeouts) other.push(`${r.timeouts} timeouts`);
  const unexpected = Object.entries(r.statusCodeStats)
    .filter(([code]) => code !== String(expect))
    .reduce((n, [, v]) => n + v.count, 0);
  return {
    label,
    rate: ok / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    failures: unexpected + r.errors + r.timeouts,
    failureDetail: other.join(', '),
    cpu: ok > 0 ? { node: spent.node / ok, postgres: spent.postgres / ok } : null,
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(rows: Run[], bare: Run): string {
  const head = ['', 'req/s', 'p50 ms', 'p99 ms', 'answered', 'other', '× bare', 'cpu ms/req node', 'postgres'];
  const body = rows.map((r) => [
    r.label,
    fmt(r.rate),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    String(r.ok),
    r.failures ? `${r.failures} (${r.failureDetail})` : '0',
    fmt(r.rate / bare.rate, 2),
    r.cpu ? fmt(r.cpu.node, 3) : '–',
    r.cpu ? fmt(r.cpu.postgres, 3) : '–',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')).join('\n');
}

/** What the server process reports once it is listening. */
interface Served {
  serviceUrl: string;
  uncachedUrl: string;
  bareUrl: string;
  pageKb: string;
  etags: Record<string, string>[];
  postmasterPid: number | null;
  postgres: string;
  pageCacheSeconds: number;
  poolSize: number;
}

const news = `/news/${DEMO_ARTICLE_SLUG}`;

/** `--serve`: start the servers, print `READY {json}`, run until stdin closes. */
async function serve(): Promise<void> {
  const service = benchService(await importTree(CURRENT_TREE));
  const stop = () => void service.cleanup().finally(() => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  const { running, config, serviceUrl } = await service.start();
  const { rows } = await sql<{ v: string; pid: number }>`select current_setting('server_version') as v, pg_backend_pid() as pid`.execute(running.deps.db);
  // The ETags a returning reader holds, one per language (the order of LANGUAGES).
  const etags: Record<string, string>[] = [];
  for (const lang of LANGUAGES) {
    const res = await fetch(`${serviceUrl}${news}`, { headers: { 'accept-language': lang } });
    if (res.status !== 200) throw new Error(`${news} answered ${res.status}`);
    etags.push({ 'if-none-match': res.headers.get('etag')! });
  }
  // The same service without the rendered-page cache: its own app on the same
  // database and deps, PUBLIC_PAGE_CACHE_SECONDS=0 (every request queries and renders).
  const uncached = await listen(createApp({ ...running.deps, config: { ...config, PUBLIC_PAGE_CACHE_SECONDS: 0 } }).fetch);
  const bareApp = new Hono().get('/', (c) => c.text('ok'));
  // The second floor: the same bare handler answering the release page's own bytes, to
  // separate what the size of a page costs (HTTP, loopback TCP) from what the service adds.
  const pageBytes = new TextEncoder().encode(await (await fetch(`${serviceUrl}${news}`)).text());
  bareApp.get('/page', (c) => c.body(pageBytes, 200, { 'content-type': 'text/html; charset=UTF-8' }));
  const bare = await listen(bareApp.fetch);
  const served: Served = {
    serviceUrl,
    uncachedUrl: uncached.url,
    bareUrl: bare.url,
    pageKb: (pageBytes.length / 1024).toFixed(1),
    etags,
    postmasterPid: parentPid(rows[0]!.pid),
    postgres: rows[0]!.v,
    pageCacheSeconds: config.PUBLIC_PAGE_CACHE_SECONDS,
    poolSize: config.DB_POOL_SIZE,
  };
  console.log(`READY ${JSON.stringify(served)}`);
  process.stdin.resume();
  process.stdin.on('end', stop);
}

/** Starts `--serve` in a child process and waits for its READY line (bounded). */
function startServer(): Promise<{ served: Served; pid: number; stop(): Promise<void> }> {
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server process (e.g. --cpu-prof to profile it).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('READY ')) return void console.log(line);
      clearTimeout(timer);
      resolve({ served: JSON.parse(line.slice(6)) as Served, pid: child.pid!, stop });
    });
  });
}

async function main(): Promise<number> {
  const server = await startServer();
  try {
    return await measureAll(server.served, processMeter(server.pid, server.served.postmasterPid));
  } finally {
    await server.stop();
  }
}

async function measureAll(served: Served, meter: CpuMeter): Promise<number> {
  const cpus = os.cpus();
  console.log(`Pressdesk pages benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${served.postgres} (embedded)`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  console.log(`load: ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up; Accept-Language en / zh / ms in turn; PUBLIC_PAGE_CACHE_SECONDS ${served.pageCacheSeconds}; pool ${served.poolSize}`);
  console.log('servers in their own process; autocannon in this one (a worker thread); cpu = the server process and Postgres');
  const { serviceUrl, etags } = served;
  const bare = { url: served.bareUrl };
  const uncached = { url: served.uncachedUrl };
  const pageBytes = { length: Number(served.pageKb) * 1024 };

  const runs: Run[] = [];
  const steps: [string, () => Promise<Run>][] = [
    ['bare Hono GET /', () => measure('bare Hono GET /', bare.url, ['/'], 200, meter)],
    ['bare Hono, the release page bytes', () => measure(`bare Hono, ${(pageBytes.length / 1024).toFixed(1)} kB page`, bare.url, ['/page'], 200, meter)],
    [`GET ${news}`, () => measure('GET /news/{slug}', serviceUrl, [news], 200, meter)],
    ['GET /contacts', () => measure('GET /contacts', serviceUrl, ['/contacts'], 200, meter)],
    ['GET /news/{slug}, If-None-Match (304)', () => measure('/news/{slug} → 304', serviceUrl, [news], 304, meter, etags)],
    ['GET /news/{slug}, no page cache', () => measure('/news/{slug} uncached', uncached.url, [news], 200, meter)],
    ['GET /contacts, no page cache', () => measure('/contacts uncached', uncached.url, ['/contacts'], 200, meter)],
  ];
  // BENCH_PAGES_ONLY=2,3 runs only those steps (the bare floor always runs first, as the yardstick).
  const only = process.env.BENCH_PAGES_ONLY?.split(',').map(Number);
  const chosen = only ? steps.filter((_, i) => i === 0 || only.includes(i + 1)) : steps;
  try {
    for (const [i, [label, step]] of chosen.entries()) {
      process.stdout.write(`\n${i + 1}/${chosen.length} ${label} … `);
      const r = await step();
      runs.push(r);
      process.stdout.write(`${fmt(r.rate)} req/s`);
    }
  } catch (err) {
    console.error(err);
    return 1;
  }
  const [floor] = runs as [Run];
  console.log(`\n\n${table(runs, floor)}\n`);
  let code = 0;
  const sameBytes = runs.find((r) => r.label.includes('kB page'));
  for (const r of runs.filter((r) => r.label === 'GET /news/{slug}' || r.label === 'GET /contacts')) {
    const ratio = r.rate / floor.rate;
    console.log(`${r.label} / bare Hono: ${fmt(ratio, 2)}   target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}` + (sameBytes ? `   (/ bare Hono with the page's bytes: ${fmt(r.rate / sameBytes.rate, 2)})` : ''));
  }
  for (const r of runs.filter((r) => r.failures > 0)) {
    console.error(`ERROR: ${r.label} had ${r.failures} unexpected answers: ${r.failureDetail}`);
    code = 1;
  }
  return code;
}

if (process.argv[2] === '--serve') {
  await serve();
} else {
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    console.error(err);
  }
  process.exit(code);
}

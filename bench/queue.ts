/**
 * `npm run bench:queue`: the officers' queue at a million inquiries, over HTTP
 * as a signed-in officer sees it. The real service (`startService`, as
 * `npm start`) on an embedded Postgres, `bench/queue-data.ts` rows, sessions
 * made directly, then p50/p95 of the first page, the 50th page (keyset) and
 * searches, one request at a time and 10 at once; then the plans of the same
 * SQL. See bench/README.md ("Queue benchmark").
 */
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/lib/embedded-postgres.js';
import { createLogger } from '../src/lib/logger.js';
import { createSession, sessionConfig } from '../src/modules/auth/sessions.js';
import { startService } from '../src/runtime.js';
import * as queueIndexes from '../db/migrations/2026_11_28_0007_queue_indexes.js';
import { benchService, intEnv, type BenchService } from './intake-run.js';
import { generateQueueData } from './queue-data.js';
import { percentile, timeRequests, type TimedRun } from './queue-http.js';
import { explainer } from './queue-plans.js';

const ROWS = intEnv('BENCH_QUEUE_ROWS', 1_000_000);
const REQUESTS = intEnv('BENCH_QUEUE_REQUESTS', 300);
const CONCURRENCY = intEnv('BENCH_QUEUE_CONCURRENCY', 10);
const WARMUP = intEnv('BENCH_QUEUE_WARMUP', 20, 0);
const PAGE = intEnv('BENCH_QUEUE_PAGE', 50, 2);
const PLANS = process.env.BENCH_QUEUE_PLANS !== '0';
const TARGET_MS = { page: 20, search: 100, floor: NaN } as const;

const INDRA = 'indra.nadchatram@example.org'; // malaysia, lead
const ADMIN = 'desk.admin@example.org'; // admin: every office

interface Case {
  label: string;
  who: string;
  kind: keyof typeof TARGET_MS;
  path: string;
  /** The queue's query string, for the plan (null: same SQL as an earlier case). */
  explain: Record<string, string> | null;
  /** Floors answer something else than 200 on purpose. */
  expect?: number;
}

interface Result {
  c: Case;
  matches: string;
  seq: TimedRun;
  conc: TimedRun;
  pgMsPerRequest: number;
}

// Han, kana, Hangul and full-width forms take two columns in a terminal.
const width = (s: string) => Array.from(s).reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number, left: boolean) => (left ? s + ' '.repeat(Math.max(0, n - width(s))) : ' '.repeat(Math.max(0, n - width(s))) + s);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

const service = benchService({ loadConfig, startEmbeddedPostgres, createLogger, startService });
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void service.cleanup().finally(() => process.exit(130)));
}

async function generate(svc: BenchService) {
  const db = svc.running.deps.db;
  console.log(`generating ${ROWS.toLocaleString('en')} inquiries (bench/queue-data.ts) …`);
  // Migration 0007's indexes are built once on the full table, as the migration
  // would on a live database; kept up row by row they would slow the load.
  await queueIndexes.down(db);
  let shown = 0;
  const gen = await generateQueueData(db, {
    count: ROWS,
    onProgress: (done, total) => {
      if (done - shown >= total / 5 || done === total) {
        shown = done;
        process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}\n`);
      }
    },
  });
  const t0 = performance.now();
  await queueIndexes.up(db);
  const t1 = performance.now();
  await sql`analyze`.execute(db);
  const analyzeMs = performance.now() - t1;
  // Write the load's ~2 GB of dirty pages now, not while the requests are timed.
  await sql`checkpoint`.execute(db);
  const checkpointMs = performance.now() - t1 - analyzeMs;
  const { rows } = await sql<{ n: number; open: number; table: string; indexes: string }>`
    select count(*)::int as n, count(*) filter (where status <> 'closed')::int as open,
           pg_size_pretty(pg_table_size('inquiries')) as table, pg_size_pretty(pg_indexes_size('inquiries')) as indexes
      from inquiries`.execute(db);
  const s = rows[0]!;
  console.log(
    `generated ${gen.inserted.toLocaleString('en')} in ${fmt(gen.ms / 1000)} s (of which search indexes ${fmt(gen.indexMs / 1000)} s), ` +
      `then migration 0007's indexes ${fmt((t1 - t0) / 1000)} s, ANALYZE ${fmt(analyzeMs / 1000)} s, CHECKPOINT ${fmt(checkpointMs / 1000)} s; inquiries: ${s.n.toLocaleString('en')}, not closed ${s.open.toLocaleString('en')}; table ${s.table}, indexes ${s.indexes}`,
  );
}

async function signIn(svc: BenchService, email: string): Promise<string> {
  const db = svc.running.deps.db;
  const user = await db.selectFrom('staff_users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirstOrThrow();
  const cfg = sessionConfig(svc.config);
  const { id } = await createSession(db, user.id, new Date(), cfg);
  return `${cfg.cookieName}=${id}`;
}

async function getJson(url: string, cookie: string): Promise<{ items: unknown[]; nextCursor: string | null; counts: Record<string, number> }> {
  const res = await fetch(url, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json() as never;
}

/** The cursor that opens page `page` of a view, followed page by page as a client would. */
async function cursorOf(base: string, cookie: string, query: Record<string, string>, page: number) {
  let cursor: string | null = null;
  let reached = 1;
  for (; reached < page; reached++) {
    const body = await getJson(`${base}/api/staff/inquiries?${qs(cursor ? { ...query, after: cursor } : query)}`, cookie);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return { cursor, reached };
}

async function measure(svc: BenchService, c: Case, cookie: string): Promise<Result> {
  const url = `${svc.serviceUrl}${c.path}`;
  let matches = '–';
  if (c.path.startsWith('/api/') && c.kind !== 'floor') {
    const body = await getJson(url, cookie);
    matches = `${body.items.length} / ${Object.values(body.counts).reduce((a, b) => a + b, 0)}`;
  }
  const headers = { cookie, accept: c.path.startsWith('/api/') ? 'application/json' : 'text/html' };
  const stop = svc.meter();
  const expect = c.expect ?? 200;
  const seq = await timeRequests({ url, headers, expect, requests: REQUESTS, concurrency: 1, warmup: WARMUP });
  const conc = await timeRequests({ url, headers, expect, requests: REQUESTS, concurrency: CONCURRENCY, warmup: 0 });
  const cpu = stop();
  return { c, matches, seq, conc, pgMsPerRequest: cpu.postgres / (2 * REQUESTS + WARMUP) };
}

function table(results: Result[]): string {
  const head = ['case', 'as', 'rows / counted', 'p50 ms', 'p95 ms', `p50 ×${CONCURRENCY}`, `p95 ×${CONCURRENCY}`, 'pg ms/req', 'target p95', 'met'];
  const body = results.map((r) => {
    const target = TARGET_MS[r.c.kind];
    const p95s = [percentile(r.seq.latencies, 0.95), percentile(r.conc.latencies, 0.95)];
    const met = r.c.kind === 'floor' ? '' : p95s.map((p) => (p < target ? 'yes' : 'NO')).join(' / ');
    return [
      r.c.label,
      r.c.who === ADMIN ? 'admin' : 'indra',
      r.matches,
      fmt(percentile(r.seq.latencies, 0.5)),
      fmt(p95s[0]!),
      fmt(percentile(r.conc.latencies, 0.5)),
      fmt(p95s[1]!),
      fmt(r.pgMsPerRequest, 2),
      r.c.kind === 'floor' ? 'floor' : `< ${target} ms`,
      met,
    ];
  });
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]!))));
  return [head, ...body].map((cells) => cells.map((c, i) => pad(c, widths[i]!, i < 2)).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const svc = await service.start();
  const db = svc.running.deps.db;
  const { rows: v } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
  const cpus = os.cpus();
  console.log(`Pressdesk queue benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${v[0]!.v} (embedded, default settings)`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);

  await generate(svc);

  const cookies = new Map([INDRA, ADMIN].map((e) => [e, '']));
  for (const email of cookies.keys()) cookies.set(email, await signIn(svc, email));
  const base = svc.serviceUrl;

  // A reporter address to look for: one of indra's (Malaysia) open inquiries, fixed by the seed.
  const { rows: em } = await sql<{ email: string }>`
    select i.email from inquiries i join offices o on o.id = i.office_id
     where o.code = 'malaysia' and i.status <> 'closed' and i.source = 'api' order by i.reference limit 1`.execute(db);
  const email = em[0]?.email ?? 'nobody@example.com';

  // Floors: the HTTP path with no database, and a signed-in request that stops before the queue.
  const cases: Case[] = [
    { label: 'floor: GET /healthz', who: INDRA, kind: 'floor', path: '/healthz', explain: null },
    { label: 'floor: signed in, 400 before the queue', who: INDRA, kind: 'floor', path: '/api/staff/inquiries?sort=x', explain: null, expect: 400 },
  ];
  for (const who of [INDRA, ADMIN]) {
    const cookie = cookies.get(who)!;
    const { cursor, reached } = await cursorOf(base, cookie, {}, PAGE);
    const pageLabel = cursor && reached === PAGE ? `page ${PAGE}` : `page ${reached} (last)`;
    const after: Record<string, string> = cursor ? { after: cursor } : {};
    cases.push(
      { label: 'GET /desk, first page', who, kind: 'page', path: '/desk', explain: null },
      { label: 'API, first page', who, kind: 'page', path: '/api/staff/inquiries', explain: {} },
      { label: `GET /desk, ${pageLabel}`, who, kind: 'page', path: `/desk?${qs(after)}`, explain: null },
      { label: `API, ${pageLabel}`, who, kind: 'page', path: `/api/staff/inquiries?${qs(after)}`, explain: after },
    );
    cases.push({ label: 'API, closed (status filter)', who, kind: 'page', path: '/api/staff/inquiries?status=closed', explain: { status: 'closed' } });
    if (who === INDRA) {
      cases.push(
        { label: 'API, unassigned', who, kind: 'page', path: '/api/staff/inquiries?view=unassigned', explain: { view: 'unassigned' } },
        { label: 'API, assigned to me', who, kind: 'page', path: '/api/staff/inquiries?view=mine', explain: { view: 'mine' } },
      );
    }
    for (const [label, q] of [
      ['search: English word', 'vaccination'],
      ['search: reporter email', email],
      ['search: Chinese, 4 characters', '儿童保护'],
      ['search: Chinese, 2 characters', '疫苗'],
    ] as const) {
      cases.push({ label: `${label} (${q})`, who, kind: 'search', path: `/api/staff/inquiries?${qs({ q })}`, explain: { q } });
    }
    const closed = { status: 'closed', q: 'vaccination' };
    cases.push({ label: 'search in closed (vaccination)', who, kind: 'search', path: `/api/staff/inquiries?${qs(closed)}`, explain: closed });
  }

  console.log(`\nmeasuring ${cases.length} cases: a warm-up pass of ${WARMUP} requests each, then per case ${WARMUP} more, ${REQUESTS} one at a time and ${REQUESTS} with ${CONCURRENCY} in flight`);
  // One unmeasured pass over every case first, so no case pays for the service's warm-up (JIT, caches).
  for (const c of cases) {
    await timeRequests({ url: `${base}${c.path}`, headers: { cookie: cookies.get(c.who)! }, expect: c.expect ?? 200, requests: WARMUP, concurrency: 1, warmup: 0 });
  }
  const results: Result[] = [];
  for (const c of cases) {
    process.stderr.write(`  ${c.who === ADMIN ? 'admin' : 'indra'}: ${c.label} … `);
    const r = await measure(svc, c, cookies.get(c.who)!);
    process.stderr.write(`p95 ${fmt(percentile(r.seq.latencies, 0.95))} / ${fmt(percentile(r.conc.latencies, 0.95))} ms\n`);
    results.push(r);
  }
  console.log(`\n${table(results)}\n`);
  console.log(`load average after the runs: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const judged = results.filter((r) => r.c.kind !== 'floor');
  for (const [i, mode] of [[0, 'one at a time'], [1, `${CONCURRENCY} in flight`]] as const) {
    const missed = judged.filter((r) => !(percentile((i === 0 ? r.seq : r.conc).latencies, 0.95) < TARGET_MS[r.c.kind]));
    console.log(`targets (p95 < ${TARGET_MS.page} ms pages, < ${TARGET_MS.search} ms search), ${mode}: ${missed.length ? `NOT met in ${missed.length} of ${judged.length} cases` : `met in all ${judged.length} cases`}`);
  }

  if (PLANS) {
    console.log('\nPlans: EXPLAIN (ANALYZE, BUFFERS) of the SQL listQueue sends for each case (page and counts run in parallel)');
    const ex = explainer(svc.embedded.url);
    try {
      for (const c of cases) {
        if (!c.explain) continue;
        for (const p of await ex.explain(c.who, c.explain)) {
          console.log(`\n--- ${c.who === ADMIN ? 'admin' : 'indra'}: ${c.label} — ${p.role}, execution ${fmt(p.executionMs, 2)} ms`);
          if (process.env.BENCH_QUEUE_SQL === '1') console.log(`${p.sql}\n-- parameters: ${JSON.stringify(p.params)}`);
          console.log(p.text);
        }
      }
    } finally {
      await ex.close();
    }
  }

  const failed = results.filter((r) => Object.keys(r.seq.failures).length || Object.keys(r.conc.failures).length);
  for (const r of failed) console.error(`ERROR: ${r.c.label}: failures ${JSON.stringify({ ...r.seq.failures, ...r.conc.failures })}`);
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
} finally {
  await service.cleanup();
}
process.exit(code);

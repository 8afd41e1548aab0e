/**
 * The fault drill behind `npm run bench:faults` and its shorter run in
 * `npm test`: two web processes and two worker processes (the real entry
 * points) on one Postgres take inquiries while a worker is SIGKILLed and
 * restarted, the SMTP relay answers 451 for a while, every Postgres connection
 * is terminated, and one web process gets SIGTERM. Clients retry on the other
 * web process with the same Idempotency-Key. Everything runs on loopback.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { freePort } from '../src/lib/embedded-postgres.js';
import { startSmtpServer, type TestSmtpServer } from '../tests/helpers/smtp.js';
import { cleanEnv, runTs, type Child } from '../tests/startup/child-process.js';

export interface DrillOptions {
  /** A fresh database the processes migrate and seed. */
  databaseUrl: string;
  /** Inquiries to have accepted. */
  inquiries: number;
  clients: number;
  /** How long the SMTP relay answers 451. */
  smtpDownMs: number;
  /** How long to wait, after the last inquiry, for every acknowledgement. */
  settleMs: number;
  /** Worker heartbeat settings (the drill shortens them to finish quickly). */
  heartbeatMs?: number;
  staleAfterMs?: number;
  log?: (line: string) => void;
}

export interface DrillReport {
  accepted: number;
  stored: number;
  acknowledged: number;
  /** Inquiries stored more than once for one client request (one Idempotency-Key). */
  duplicateInquiries: number;
  /** Reporters who got acknowledgements with different Message-IDs. */
  duplicateAcknowledgements: number;
  /** The same acknowledgement (same Message-ID) handed to SMTP again after a crash: a receiver drops it. */
  redelivered: number;
  /** Accepted and then not stored, or stored and never acknowledged. */
  lost: number;
  /** Emails still queued, or jobs still locked, at the end. */
  stuckJobs: number;
  faults: string[];
  retries: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIMITS = { INTAKE_MAX_PER_CLIENT: '1000000', ACK_MAX_PER_ADDRESS_PER_HOUR: '1000000' };

async function terminateBackends(databaseUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ok: boolean }>(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.filter((r) => r.ok).length;
  } finally {
    await admin.end();
  }
}

function inquiryBody(email: string) {
  return JSON.stringify({
    name: 'Mei Ling Tan',
    email,
    outlet: 'The Star',
    country: 'MY',
    subject: 'Beijing Declaration: what Malaysia committed to',
    message: 'Could someone explain what Malaysia committed to at the Beijing meeting?',
    consent: true,
  });
}

export async function runFaultDrill(opts: DrillOptions): Promise<DrillReport> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const smtp: TestSmtpServer = await startSmtpServer();
  const children: Child[] = [];
  const faults: string[] = [];
  const workerEnv = () =>
    cleanEnv({
      DATABASE_URL: opts.databaseUrl,
      SMTP_URL: smtp.url,
      // 'worker started' is an info line.
      LOG_LEVEL: 'info',
      // Two workers and two web processes share one Postgres (100 connections by default): smaller job pools.
      WORKER_CONCURRENCY: '10',
      WORKER_HEARTBEAT_MS: String(opts.heartbeatMs ?? 10_000),
      WORKER_STALE_AFTER_MS: String(opts.staleAfterMs ?? 30_000),
    });
  const startWeb = async () => {
    const port = await freePort();
    const child = runTs(
      'src/index.ts',
      cleanEnv({ DATABASE_URL: opts.databaseUrl, WORKER: 'off', SMTP_URL: smtp.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...LIMITS }),
      30 * 60_000,
    );
    children.push(child);
    await child.waitForStdout(/Pressdesk is running at/, 60_000);
    return { child, base: `http://127.0.0.1:${port}` };
  };
  const startWorker = async () => {
    const child = runTs('src/cli/worker.ts', workerEnv(), 30 * 60_000);
    children.push(child);
    await child.waitForStdout(/"msg":"worker started"/, 60_000);
    return child;
  };

  try {
    // One after the other: the first migrates and seeds, the second finds it done.
    const webA = await startWeb();
    const webB = await startWeb();
    let workerA = await startWorker();
    await startWorker();
    const webs = [webA, webB];
    const down = new Set<string>();
    log('two web processes and two workers are up');

    // The clients: each inquiry has one Idempotency-Key however often it is sent.
    const accepted = new Map<string, string>(); // email → inquiry id
    let next = 0;
    let retries = 0;
    let drillDone = false;
    // At least `inquiries`, and on until the last fault is over, so every fault meets traffic.
    const more = () => (next < opts.inquiries || !drillDone) && next < opts.inquiries * 50;
    const loadDone = Promise.all(
      Array.from({ length: opts.clients }, async (_, client) => {
        while (more()) {
          const email = `drill.${next++}@example.com`;
          const key = randomUUID();
          for (let attempt = 0; ; attempt++) {
            const alive = webs.filter((w) => !down.has(w.base));
            const web = alive[(client + attempt) % alive.length]!;
            try {
              const res = await fetch(`${web.base}/api/inquiries`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'idempotency-key': key },
                body: inquiryBody(email),
                signal: AbortSignal.timeout(15_000),
              });
              const body = (await res.json().catch(() => ({}))) as { id?: string };
              if (res.status === 201 || res.status === 200) {
                accepted.set(email, body.id!);
                break;
              }
            } catch {
              // Connection refused or reset: the process is stopping. Retry elsewhere with the same key.
            }
            retries++;
            if (attempt > 200) throw new Error(`${email}: no web process accepted it after 200 tries`);
            await sleep(100);
          }
        }
      }),
    );

    // The faults, while the clients post.
    const drill = (async () => {
      await sleep(1_000);
      workerA.proc.kill('SIGKILL');
      faults.push('worker SIGKILLed');
      log('a worker was SIGKILLed');
      await sleep(1_000);
      workerA = await startWorker();
      faults.push('worker restarted');
      smtp.behave('tempfail');
      faults.push(`SMTP answering 451 for ${opts.smtpDownMs} ms`);
      log('SMTP answers 451');
      await sleep(500);
      const killed = await terminateBackends(opts.databaseUrl);
      faults.push(`${killed} Postgres connections terminated`);
      log(`${killed} Postgres connections terminated`);
      await sleep(500);
      // Its clients find it refusing and retry on the other with the same key.
      const exit = webB.child.stop('SIGTERM', 30_000);
      faults.push('web process SIGTERMed');
      log('a web process got SIGTERM');
      await sleep(Math.max(0, opts.smtpDownMs - 1_000));
      smtp.behave('accept');
      log('SMTP accepts again');
      const exited = await exit;
      faults.push(`web process exited ${JSON.stringify(exited)}`);
      if (exited.code !== 0) log(`the stopped web process said: ${webB.child.stderr().slice(-2000)} ${webB.child.stdout().slice(-2000)}`);
      down.add(webB.base);
      drillDone = true;
    })();
    await Promise.all([loadDone, drill]);
    log(`${accepted.size} inquiries accepted; waiting for the acknowledgements`);

    // Every acknowledgement goes to its reporter, and the rest of the mail (acknowledgements go first) follows: wait for both, bounded.
    const reporters = new Set(accepted.keys());
    const acknowledgedNow = () => new Set(smtp.received.flatMap((m) => m.envelope.to).filter((to) => reporters.has(to)));
    const db = new pg.Client({ connectionString: opts.databaseUrl });
    await db.connect();
    const mailWaiting = async () => Number((await db.query<{ n: string }>("select count(*)::text as n from graphile_worker.jobs where task_identifier = 'send_email'")).rows[0]!.n);
    const until = Date.now() + opts.settleMs;
    while ((acknowledgedNow().size < reporters.size || (await mailWaiting()) > 0) && Date.now() < until) await sleep(250);
    try {
      const stored = await db.query<{ email: string; n: string }>(
        "select email, count(*)::text as n from inquiries where email like 'drill.%@example.com' group by email",
      );
      const storedBy = new Map(stored.rows.map((r) => [r.email, Number(r.n)]));
      const { rows: jobs } = await db.query<{ n: string }>(
        // Emails not yet sent, or anything still locked (by a worker that may be gone); future escalations are not stuck.
        "select count(*)::text as n from graphile_worker.jobs where task_identifier = 'send_email' or locked_at is not null",
      );
      const messageIds = new Map<string, Set<string>>();
      let deliveries = 0;
      for (const m of smtp.received) {
        for (const to of m.envelope.to.filter((t) => reporters.has(t))) {
          deliveries++;
          const ids = messageIds.get(to) ?? new Set<string>();
          ids.add(m.parsed.messageId ?? randomUUID());
          messageIds.set(to, ids);
        }
      }
      const acknowledged = acknowledgedNow();
      const lost = [...reporters].filter((e) => !storedBy.has(e) || !acknowledged.has(e)).length;
      return {
        accepted: accepted.size,
        stored: [...reporters].filter((e) => storedBy.has(e)).length,
        acknowledged: acknowledged.size,
        duplicateInquiries: [...storedBy.values()].filter((n) => n > 1).length,
        duplicateAcknowledgements: [...messageIds.values()].filter((ids) => ids.size > 1).length,
        redelivered: deliveries - [...messageIds.values()].reduce((s, ids) => s + ids.size, 0),
        lost,
        stuckJobs: Number(jobs[0]!.n),
        faults,
        retries,
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await db.end();
    }
  } finally {
    await Promise.all(children.map((c) => (c.proc.exitCode === null && c.proc.signalCode === null ? c.stop('SIGTERM', 20_000).catch(() => c.proc.kill('SIGKILL')) : null)));
    await smtp.close();
  }
}

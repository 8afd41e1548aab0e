import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/lib/embedded-postgres.js';
import { validInquiry } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { cleanEnv, eventually, runTs, stopAllChildren, stopLeftoverPostgres, type Child } from './child-process.js';

// The real entry points (`npm start`, `npm run worker`) while Postgres drops
// their connections: every backend killed under load, and Postgres stopped and
// started again. Neither process may die; requests meanwhile get 503 with
// Retry-After; both recover by themselves and the queued emails still go out.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The intake limits are per client address, and every request here comes from loopback.
const LIMITS = { INTAKE_MAX_PER_CLIENT: '100000', ACK_MAX_PER_ADDRESS_PER_HOUR: '100000' };

function alive(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

function crashed(child: Child): boolean {
  return /Unhandled 'error' event|Emitted 'error' event|UnhandledPromiseRejection/.test(child.stderr());
}

async function postInquiry(base: string, email: string): Promise<Response> {
  return fetch(`${base}/api/inquiries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validInquiry({ email })),
    signal: AbortSignal.timeout(15_000),
  });
}

interface LoadResult {
  sent: number;
  accepted: string[];
  statuses: Record<number, number>;
  unavailableWithoutRetryAfter: number;
  networkErrors: string[];
}

/** `clients` loops posting inquiries until `durationMs` passed or `maxRequests` were sent. */
async function postInquiriesUnderLoad(base: string, opts: { clients: number; durationMs: number; maxRequests: number }): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, accepted: [], statuses: {}, unavailableWithoutRetryAfter: 0, networkErrors: [] };
  const until = Date.now() + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      while (Date.now() < until && result.sent < opts.maxRequests) {
        const email = `load.${client}.${result.sent++}@example.com`;
        try {
          const res = await postInquiry(base, email);
          await res.arrayBuffer();
          result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
          if (res.status === 201) result.accepted.push(email);
          if (res.status === 503 && !res.headers.get('retry-after')) result.unavailableWithoutRetryAfter++;
        } catch (err) {
          result.networkErrors.push(String((err as Error).cause ?? err));
          await sleep(200);
        }
      }
    }),
  );
  return result;
}

/** Kills every connection to `database` as an administrator would; returns how many there were. */
async function terminateBackends(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ok: boolean }>(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return rows.filter((r) => r.ok).length;
  } finally {
    await admin.end();
  }
}

function acknowledged(smtp: TestSmtpServer, emails: string[]): string[] {
  const reached = new Set(smtp.received.flatMap((m) => m.envelope.to));
  return emails.filter((e) => !reached.has(e));
}

describe('every database connection killed under load (web process and separate worker on a shared Postgres)', () => {
  let tdb: TestDatabase;
  let smtp: TestSmtpServer;
  let web: Child;
  let worker: Child;
  let base: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    smtp = await startSmtpServer();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    web = runTs(
      'src/index.ts',
      cleanEnv({ DATABASE_URL: tdb.url, WORKER: 'off', SMTP_URL: smtp.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...LIMITS }),
      90_000,
    );
    await web.waitForStdout(/Pressdesk is running at/, 30_000);
    worker = runTs('src/cli/worker.ts', cleanEnv({ DATABASE_URL: tdb.url, SMTP_URL: smtp.url, LOG_LEVEL: 'info', WORKER_CONCURRENCY: '8' }), 90_000);
    await worker.waitForStdout(/"msg":"worker started"/, 30_000);
  }, 70_000);

  afterAll(async () => {
    await stopAllChildren();
    await smtp?.close();
    await tdb?.drop();
  }, 30_000);

  it('both processes stay up, answer 503 with Retry-After meanwhile, accept inquiries again and deliver every acknowledgement', async () => {
    const load = postInquiriesUnderLoad(base, { clients: 20, durationMs: 6_000, maxRequests: 600 });
    await sleep(1_500);
    const firstKill = await terminateBackends(tdb.name);
    await sleep(2_000);
    const secondKill = await terminateBackends(tdb.name);
    const result = await load;

    // The kills hit live connections of both processes (pools, LISTEN clients, the worker's).
    expect(firstKill).toBeGreaterThan(2);
    expect(secondKill).toBeGreaterThan(2);
    expect(crashed(web), web.stderr()).toBe(false);
    expect(crashed(worker), worker.stderr()).toBe(false);
    expect({ web: alive(web), worker: alive(worker) }).toEqual({ web: true, worker: true });
    expect(result.networkErrors).toEqual([]);
    // Nothing but accepted or "briefly unavailable, retry": no 500 from a dropped connection.
    expect(Object.keys(result.statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
    expect(result.unavailableWithoutRetryAfter).toBe(0);
    expect(result.accepted.length).toBeGreaterThan(10);

    // Afterwards intake works again by itself.
    const lateEmail = `after.kill.${Date.now()}@example.com`;
    const late = await eventually(() => postInquiry(base, lateEmail).then((r) => r.status), (s) => s === 201, 15_000);
    expect(late).toBe(201);

    // Jobs resume: every accepted inquiry's acknowledgement reaches the SMTP server.
    const expected = [...result.accepted, lateEmail];
    const missing = await eventually(async () => acknowledged(smtp, expected), (m) => m.length === 0, 40_000);
    expect(missing).toEqual([]);
    expect({ web: alive(web), worker: alive(worker) }).toEqual({ web: true, worker: true });
  }, 80_000);
});

interface GatedSmtpServer {
  url: string;
  /** Envelope recipients of every message accepted so far. */
  recipients: string[];
  /** Messages whose DATA arrived and waits for open(). */
  waiting(): number;
  close(): void;
  open(): void;
  stop(): Promise<void>;
}

/** A loopback SMTP server that can hold messages before accepting them, so a job can be caught mid-send. */
async function startGatedSmtpServer(): Promise<GatedSmtpServer> {
  const recipients: string[] = [];
  let held: (() => void)[] = [];
  let gateOpen = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const accept = () => {
          recipients.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        };
        if (gateOpen) accept();
        else held.push(accept);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    recipients,
    waiting: () => held.length,
    close: () => (gateOpen = false),
    open() {
      gateOpen = true;
      const release = held;
      held = [];
      for (const accept of release) accept();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Postgres stops and starts again (embedded, same port) under a running service with its inline worker', () => {
  let dataDir: string;
  let pgPort: number;
  let database: EmbeddedDatabase | null = null;
  let smtp: GatedSmtpServer;
  let web: Child;
  let base: string;

  /** The outbox rows of the inquiry and the jobs still queued, read straight from the database. */
  async function outbox(inquiryId: string): Promise<{ statuses: string[]; jobs: number }> {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      const emails = await client.query<{ status: string }>('select status from emails where inquiry_id = $1 order by id', [inquiryId]);
      const jobs = await client.query<{ n: number }>('select count(*)::int as n from graphile_worker._private_jobs');
      return { statuses: emails.rows.map((r) => r.status), jobs: jobs.rows[0]!.n };
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-lost-connection-'));
    chmodSync(dataDir, 0o755); // as root, Postgres runs as the postgres user and must traverse it
    pgPort = await freePort();
    database = await startEmbeddedPostgres({ dataDir, port: pgPort });
    smtp = await startGatedSmtpServer();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    web = runTs(
      'src/index.ts',
      cleanEnv({
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PUBLIC_PAGE_CACHE_SECONDS: '0',
        ...LIMITS,
      }),
      90_000,
    );
    await web.waitForStdout(/Pressdesk is running at/, 30_000);
  }, 70_000);

  afterAll(async () => {
    await stopAllChildren();
    await database?.stop().catch(() => {});
    await stopLeftoverPostgres(dataDir);
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('answers 503 with Retry-After (problem+json and the error page) while Postgres is down, stays alive, and serves and sends again once it is back', async () => {
    // An inquiry whose emails are being sent when Postgres goes: the SMTP server holds them.
    smtp.close();
    const inFlight = await postInquiry(base, 'in.flight@example.com');
    expect(inFlight.status).toBe(201);
    const { id: inFlightId } = (await inFlight.json()) as { id: string };
    expect(await eventually(async () => smtp.waiting(), (n) => n > 0, 10_000)).toBeGreaterThan(0);

    await database!.stop();
    database = null;
    // The sends finish, but recording them needs the database that is gone.
    smtp.open();

    const api = await eventually(() => postInquiry(base, 'while.down@example.com'), (r) => r.status === 503, 10_000);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.json()) as { status: number }).toMatchObject({ status: 503 });

    const page = await fetch(`${base}/news/asia-pacific-governments-commit-to-child-rights`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('briefly unavailable');

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { database: string } }).checks.database).toBe('down');
    await sleep(1_500); // time for a late 'error' event or a worker giving up to end the process
    expect(alive(web)).toBe(true);

    database = await startEmbeddedPostgres({ dataDir, port: pgPort });

    const email = `after.restart.${Date.now()}@example.com`;
    const back = await eventually(() => postInquiry(base, email).then((r) => r.status), (s) => s === 201, 20_000);
    expect(back).toBe(201);
    const readyAgain = await eventually(() => fetch(`${base}/readyz`).then((r) => r.status), (s) => s === 200, 15_000);
    expect(readyAgain).toBe(200);
    // The inline worker runs jobs again: the new acknowledgement goes out, and the
    // jobs caught mid-send are not left locked: their outbox rows end up sent.
    const missing = await eventually(async () => [email].filter((e) => !smtp.recipients.includes(e)), (m) => m.length === 0, 20_000);
    expect(missing).toEqual([]);
    const settled = await eventually(() => outbox(inFlightId), (o) => o.jobs === 0 && o.statuses.every((st) => st === 'sent'), 25_000);
    expect(settled.statuses.length).toBeGreaterThan(0);
    expect(settled).toEqual({ statuses: settled.statuses.map(() => 'sent'), jobs: 0 });
    expect(alive(web)).toBe(true);
    expect(crashed(web), web.stderr()).toBe(false);
  }, 80_000);
});

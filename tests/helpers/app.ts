import { Writable } from 'node:stream';
import { runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { seedDemo } from '../../db/seeds/demo.js';
import { createApp, type App } from '../../src/app.js';
import type { AppDeps } from '../../src/app-env.js';
import { loadConfig, type Config } from '../../src/config.js';
import { fixedClock } from '../../src/lib/clock.js';
import { inquiryLinks, linkHashes, newLinkNonce, privateLinks } from '../../src/lib/link-tokens.js';
import { createLogger } from '../../src/lib/logger.js';
import { graphileQueue, type JobQueue } from '../../src/db/queue.js';
import { createCaptureMailer, createSmtpMailer, type Mailer } from '../../src/modules/mail/mail.transport.js';
import { createDirectoryCache } from '../../src/modules/routing/directory.cache.js';
import { createOpenLoadCache } from '../../src/modules/routing/open-loads.cache.js';
import { taskList } from '../../src/worker.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';

/** Monday 30 November 2026, 10:00 in Kuala Lumpur and Beijing. */
export const TEST_NOW = '2026-11-30T02:00:00Z';
export const BASE_URL = 'http://pressdesk.test';
/** The demo accounts' password in tests, given as DEMO_PASSWORD like an operator would (the product has no default). */
export const TEST_DEMO_PASSWORD = 'pressdesk-demo';
export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdefghijklmnop';

export interface TestContext {
  tdb: TestDatabase;
  db: TestDatabase['db'];
  app: App;
  deps: AppDeps;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  smtp: TestSmtpServer | null;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  logText: () => string;
  request(path: string, init?: RequestInit): Promise<Response>;
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Runs every job that is due now (or only those of the named tasks), in this process, then returns. */
  runJobs(only?: string[]): Promise<void>;
  /** Moves retry back-off forward so deferred jobs are due now. */
  makeJobsDue(): Promise<void>;
  counts(): Promise<{ inquiries: number; events: number; emails: number; jobs: number; idempotency: number }>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  smtp?: boolean;
  seed?: boolean;
  env?: Record<string, string>;
  queue?: JobQueue;
  mailer?: Mailer;
}

/**
 * Tests move inquiries between states in the database and expect the next
 * inquiry to go to the officer with the fewest open: counted afresh every time.
 * The cache's own behaviour is tested in tests/modules/routing/open-loads.test.ts.
 */
const freshOpenLoads = () => createOpenLoadCache({ ttlMs: 0 });

export async function buildTestContext(opts: TestContextOptions = {}): Promise<TestContext> {
  const tdb = await createTestDatabase();
  const demoPassword = opts.env?.DEMO_PASSWORD ?? TEST_DEMO_PASSWORD;
  if (opts.seed !== false) await seedDemo(tdb.db, { staffPassword: demoPassword });
  const smtp = opts.smtp === false ? null : await startSmtpServer();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: tdb.url,
    PUBLIC_BASE_URL: BASE_URL,
    MAIL_FROM: 'Pressdesk <press@pressdesk.test>',
    LOG_LEVEL: 'info',
    EMAIL_MAX_ATTEMPTS: '5',
    // Every app.request() comes from the same (unknown) address and most tests reuse one reporter address:
    // the intake limits stay out of the way unless a test sets its own (tests/modules/inquiries/form-limits.test.ts).
    INTAKE_MAX_PER_CLIENT: '100000',
    ACK_MAX_PER_ADDRESS_PER_HOUR: '100000',
    FOLLOW_UP_MAX_PER_HOUR: '100000',
    DEMO_PASSWORD: demoPassword,
    // Reporters' private links are derived from it (src/lib/link-tokens.ts); fixed so tests can rebuild them.
    LINK_SECRET: TEST_LINK_SECRET,
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...opts.env,
  });
  const logs: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        lines.push(line);
        logs.push(JSON.parse(line));
      }
      cb();
    },
  });
  const logger = createLogger(config.LOG_LEVEL, sink);
  const clock = fixedClock(TEST_NOW);
  const mailer = opts.mailer ?? (smtp ? createSmtpMailer(smtp.url) : createCaptureMailer());
  const directory = createDirectoryCache({ db: tdb.db, listenUrl: tdb.url, logger });
  const deps: AppDeps = { db: tdb.db, queue: opts.queue ?? graphileQueue, mailer, clock, config, logger, directory, openLoads: freshOpenLoads() };
  const app = createApp(deps);
  const tasks = taskList({ pool: tdb.pool, db: tdb.db, mailer, clock, config, logger, directory });

  return {
    tdb,
    db: tdb.db,
    app,
    deps,
    config,
    clock,
    smtp,
    logs,
    logText: () => lines.join('\n'),
    request: (path, init) => Promise.resolve(app.request(path, init)),
    postJson: (path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    runJobs: (only) =>
      runOnce({
        pgPool: tdb.pool,
        taskList: only ? Object.fromEntries(Object.entries(tasks).filter(([name]) => only.includes(name))) : tasks,
        logger: quietWorkerLogger,
      }),
    async makeJobsDue() {
      await sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`.execute(tdb.db);
    },
    async counts() {
      const { rows } = await sql<{ inquiries: number; events: number; emails: number; jobs: number; idempotency: number }>`
        select (select count(*) from inquiries)::int as inquiries,
               (select count(*) from inquiry_events)::int as events,
               (select count(*) from emails)::int as emails,
               (select count(*) from graphile_worker._private_jobs)::int as jobs,
               (select count(*) from idempotency_keys)::int as idempotency`.execute(tdb.db);
      return rows[0]!;
    },
    async close() {
      await directory.close();
      mailer.close();
      await smtp?.close();
      await tdb.drop();
    },
  };
}

import { Logger as WorkerLogger } from 'graphile-worker';
const quietWorkerLogger = new WorkerLogger(() => () => {});

/** The link columns of an inquiry row a test writes directly (with the test secret, as the app would). */
export function linkColumns(id: string) {
  const link_nonce = newLinkNonce();
  return { id, link_nonce, ...linkHashes(inquiryLinks(TEST_LINK_SECRET, { id, link_nonce })) };
}

/** An inquiry's two reply+ addresses, rebuilt from its row as the app builds them: the reporter's side and the officers'. */
export async function replyAddressesOf(t: Pick<TestContext, 'db' | 'config'>, inquiryId: string): Promise<{ reporter: string; staff: string }> {
  const row = await t.db.selectFrom('inquiries').select(['id', 'link_nonce']).where('id', '=', inquiryId).executeTakeFirstOrThrow();
  const links = privateLinks(t.config, row);
  return { reporter: links.reporterReplyTo, staff: links.staffReplyTo };
}

/** A valid inquiry body; override what a test is about. */
export function validInquiry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Mei Ling Tan',
    email: 'mei.ling@example.com',
    outlet: 'The Star',
    country: 'MY',
    subject: 'Beijing Declaration: what Malaysia committed to',
    message: 'Could someone explain what Malaysia committed to at the Beijing meeting?',
    consent: true,
    ...overrides,
  };
}

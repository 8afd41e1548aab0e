import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { AppDeps } from './app-env.js';
import { poolSize, type Config } from './config.js';
import { createDatabase, createPool } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { resolveDatabase, type ResolvedDatabase } from './db/resolve-database.js';
import { systemClock } from './lib/clock.js';
import { createLogger, type Logger } from './lib/logger.js';
import { graphileQueue } from './db/queue.js';
import { createMailer } from './modules/mail/mail.transport.js';
import { demoPassword, seedIfEmpty, type DemoPassword } from './db/seed.js';
import { checkDatabase } from './db/check-database.js';
import { flushWriteBehindLimits } from './db/rate-limit.write-behind.js';
import type { WorkerHandle } from './worker.js';
import { startWorkerThread } from './worker.thread.js';
import { createDirectoryCache } from './modules/routing/directory.cache.js';
import { createOpenLoadCache } from './modules/routing/open-loads.cache.js';
import { bootstrapAdminToken } from './modules/auth/admin-token.bootstrap.js';
import { hasDemoAccounts, retireOldDemoPassword } from './modules/auth/demo-accounts.js';
import { createMetrics } from './modules/metrics/metrics.js';
import { serveMetrics } from './modules/metrics/metrics.server.js';
import { withLinkSecret } from './lib/link-secret.js';
import { backfillLinkHashes } from './modules/inquiries/inquiries.repository.js';
import { startInboundSmtp, type InboundSmtp } from './modules/inbound/index.js';

export interface Running {
  url: string;
  deps: AppDeps;
  database: ResolvedDatabase;
  /** The admin API token to print, when the demo made one or ADMIN_TOKEN set one. */
  adminToken: { token: string; source: 'ADMIN_TOKEN' | 'file' } | null;
  /** The demo desk accounts exist (so their sign-in can be printed). */
  demoStaff: boolean;
  /** Where /metrics is served on loopback (METRICS_PORT), else null. */
  metricsUrl: string | null;
  /** Their password, when they exist. */
  demoPassword: DemoPassword | null;
  /** The address the HTTP server is bound to (HOST), as the socket reports it. */
  boundAddress: string;
  /** The SMTP listener for replies (INBOUND_SMTP_HOST:port), or null with INBOUND_SMTP=off. */
  inboundSmtp: { host: string; port: number } | null;
  stop(reason: string): Promise<void>;
}

export interface ServiceOptions {
  /** Where the inline worker's thread writes its log lines: 1 (stdout, the default) or 2 (stderr). */
  workerLogFd?: 1 | 2;
}

/** Starts the whole service: database (embedded unless DATABASE_URL), migrations, demo data, worker, HTTP. */
export async function startService(given: Config, logger: Logger = createLogger(given.LOG_LEVEL), options: ServiceOptions = {}): Promise<Running> {
  const config = withLinkSecret(given);
  const database = await resolveDatabase(config, { attach: false, onLog: (l) => logger.debug({ component: 'postgres' }, l) });
  // The inline worker has a pool of its own, in its thread.
  const pool = createPool(database.url, poolSize(config, false), logger);
  const db = createDatabase(pool);
  let runner: WorkerHandle | null = null;
  let server: Server | null = null;
  let metricsServer: Server | null = null;
  let inbound: InboundSmtp | null = null;
  let shuttingDown = false;
  let started: AppDeps | null = null;
  const mailer = createMailer(config.SMTP_URL, config.WORKER_CONCURRENCY);
  const directory = createDirectoryCache({ db, listenUrl: database.url, logger });

  const stop = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason }, 'shutting down');
    // No new mail first: a message mid-DATA that cannot commit is answered 451 and comes again.
    await inbound?.close();
    // Readiness fails first; in-flight requests finish; the worker hands back or finishes its jobs.
    await Promise.all(
      [server, metricsServer].map((s) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()))),
    );
    await runner?.stop().catch((err) => logger.warn({ err: String(err) }, 'worker stop failed'));
    // Limit counts still held in this process go to Postgres, where the other processes count.
    if (started) await flushWriteBehindLimits(started);
    mailer.close();
    await directory.close();
    await db.destroy().catch(() => {});
    await database.stop();
    logger.info('stopped');
  };

  try {
    if (!database.embedded) await checkDatabase(pool, database.url);
    const applied = await migrateToLatest(db, pool);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (await seedIfEmpty(db, config, () => demoPassword(config).password)) logger.info('demo data loaded');
    const upgraded = await backfillLinkHashes(db, config.LINK_SECRET);
    if (upgraded) logger.info({ inquiries: upgraded }, 'private links derived for inquiries from before LINK_SECRET');
    const adminToken = await bootstrapAdminToken(db, config, database.embedded);
    const demoStaff = await hasDemoAccounts(db);
    const demo = demoStaff ? demoPassword(config) : null;
    if (demo) {
      const moved = await retireOldDemoPassword(db, demo.password);
      if (moved) logger.warn({ accounts: moved }, 'demo accounts moved off the old published password');
    }

    const metrics = createMetrics(db);
    const deps: AppDeps = {
      db,
      queue: graphileQueue,
      mailer,
      clock: systemClock,
      config,
      logger,
      directory,
      openLoads: createOpenLoadCache(),
      shuttingDown: () => shuttingDown,
      metrics,
    };
    if (config.WORKER === 'inline') {
      runner = await startWorkerThread(config, database.url, logger, options.workerLogFd);
      deps.workerHealthy = runner.running;
    }
    started = deps;
    const app = createApp(deps);
    server = await new Promise<Server>((resolve, reject) => {
      // Headers over MAX_HEADER_BYTES are refused by Node itself (431) before the app sees them.
      const serverOptions = { maxHeaderSize: config.MAX_HEADER_BYTES };
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions }, () => resolve(s as Server));
      (s as Server).once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    if (config.METRICS_PORT !== undefined) {
      metricsServer = await serveMetrics(metrics, { port: config.METRICS_PORT, token: config.METRICS_TOKEN, logger });
    }
    if (config.INBOUND_SMTP === 'on') {
      inbound = await startInboundSmtp({ ...deps, resolver: deps.dnsResolver }, { host: config.INBOUND_SMTP_HOST, port: config.INBOUND_SMTP_PORT });
    }
    const inboundSmtp = inbound ? { host: config.INBOUND_SMTP_HOST, port: inbound.port } : null;
    const metricsUrl = metricsServer ? `http://127.0.0.1:${config.METRICS_PORT}/metrics` : null;
    const boundAddress = typeof address === 'object' && address ? address.address : config.HOST;
    return { url: `http://localhost:${port}`, deps, database, adminToken, demoStaff, demoPassword: demo, boundAddress, metricsUrl, inboundSmtp, stop };
  } catch (err) {
    await stop('start-up failed').catch(() => {});
    throw err;
  }
}

import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { JobQueue } from './db/queue.js';
import type { Mailer } from './modules/mail/mail.transport.js';
import type { DirectoryCache } from './modules/routing/directory.cache.js';
import type { OpenLoadCache } from './modules/routing/open-loads.cache.js';
import type { Staff } from './modules/auth/staff.js';
import type { Metrics } from './modules/metrics/metrics.js';

/** What the app is built from; tests pass their own database, clock and mailer. */
export interface AppDeps {
  db: Database;
  queue: JobQueue;
  mailer: Mailer;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The routing directory, cached and reloaded on every change (LISTEN/NOTIFY). */
  directory: DirectoryCache;
  /** Intake's officers' open loads, counted at most once a second per office and kept up to date in between. */
  openLoads: OpenLoadCache;
  /** Reports whether the in-process worker is running; absent when it runs elsewhere. */
  workerHealthy?: () => boolean;
  /** True once SIGTERM arrived: readiness fails first so traffic drains. */
  shuttingDown?: () => boolean;
  /** The request metrics, when runtime.ts also serves them on METRICS_PORT; else the app makes its own. */
  metrics?: Metrics;
  /** DNS for checking received mail (SPF, DKIM, DMARC); unset: the system resolver. Tests answer from fixed records. */
  dnsResolver?: (name: string, rrtype: string) => Promise<string[][] | string[]>;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /** Set by requireRole for token-authenticated calls. */
    apiTokenId: string;
    /** The signed-in staff member on /desk and /api/staff, or null. */
    staff: Staff | null;
  };
}

import type pg from 'pg';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { systemClock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import { createMailer } from './modules/mail/mail.transport.js';
import { createDirectoryCache } from './modules/routing/directory.cache.js';
import { startWorker, type WorkerHandle, type WorkerObserver } from './worker.js';

export interface StandaloneWorker {
  handle: WorkerHandle;
  mode: 'smtp' | 'capture';
  /** Stops the runner (running jobs finish or go back), then its mailer and directory cache. */
  close(): Promise<void>;
}

/**
 * The job worker with a mailer and routing directory of its own, on a
 * database someone else opened: what `npm run worker` runs, and what the web
 * process runs in its worker thread (src/worker.thread.ts).
 */
export async function startStandaloneWorker(
  on: { config: Config; pool: pg.Pool; db: Database; url: string; logger: Logger },
  observe: WorkerObserver = {},
): Promise<StandaloneWorker> {
  const { config, pool, db, url, logger } = on;
  const mailer = createMailer(config.SMTP_URL, config.WORKER_CONCURRENCY);
  const directory = createDirectoryCache({ db, listenUrl: url, logger });
  try {
    const handle = await startWorker({ pool, db, mailer, clock: systemClock, config, logger, directory }, observe);
    return {
      handle,
      mode: mailer.mode,
      async close() {
        await handle.stop();
        mailer.close();
        await directory.close();
      },
    };
  } catch (err) {
    mailer.close();
    await directory.close();
    throw err;
  }
}

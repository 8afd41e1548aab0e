import { systemClock } from '../lib/clock.js';
import { migrateToLatest } from '../db/migrate.js';
import { createMailer } from '../modules/mail/mail.transport.js';
import { startWorker } from '../worker.js';
import { createDirectoryCache } from '../modules/routing/directory.cache.js';
import { openDatabase } from './bootstrap.js';

// The job worker on its own, for running it apart from (or beside) the web process.
const { config, logger, db, pool, url, close } = await openDatabase();
await migrateToLatest(db, pool);
const mailer = createMailer(config.SMTP_URL);
const directory = createDirectoryCache({ db, listenUrl: url, logger });
const runner = await startWorker({ pool, db, mailer, clock: systemClock, config, logger, directory });
logger.info({ concurrency: config.WORKER_CONCURRENCY, mail: mailer.mode }, 'worker started');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'worker stopping');
    await runner.stop();
    mailer.close();
    await directory.close();
    await close();
    process.exit(0);
  });
}
await runner.promise;

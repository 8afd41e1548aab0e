import { poolSize } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { migrateToLatest } from '../db/migrate.js';
import { createMailer } from '../modules/mail/mail.transport.js';
import { startWorker } from '../worker.js';
import { createDirectoryCache } from '../modules/routing/directory.cache.js';
import { withLinkSecret } from '../lib/link-secret.js';
import { backfillLinkHashes } from '../modules/inquiries/inquiries.repository.js';
import { openDatabase } from './bootstrap.js';

// The job worker on its own, for running it apart from (or beside) the web process.
const opened = await openDatabase({ poolSize: (config) => poolSize(config, true) });
const { db, pool, url, close, logger } = opened;
// The worker writes reporters' links too (escalation notices): the same secret as the web process.
const config = withLinkSecret(opened.config);
await migrateToLatest(db, pool);
await backfillLinkHashes(db, config.LINK_SECRET);
const mailer = createMailer(config.SMTP_URL, config.WORKER_CONCURRENCY);
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

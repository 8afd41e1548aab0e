import { poolSize } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { startStandaloneWorker } from '../worker.standalone.js';
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
const worker = await startStandaloneWorker({ config, pool, db, url, logger });
logger.info({ concurrency: config.WORKER_CONCURRENCY, mail: worker.mode }, 'worker started');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'worker stopping');
    await worker.close();
    await close();
    process.exit(0);
  });
}
await worker.handle.promise;

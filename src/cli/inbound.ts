import { systemClock } from '../lib/clock.js';
import { graphileQueue } from '../db/queue.js';
import { migrateToLatest } from '../db/migrate.js';
import { withLinkSecret } from '../lib/link-secret.js';
import { startInboundSmtp } from '../modules/inbound/index.js';
import { createDirectoryCache } from '../modules/routing/directory.cache.js';
import { openDatabase } from './bootstrap.js';

// The SMTP listener for replies on its own (npm run inbound), for a deployment
// that receives mail on another machine than the web process. It writes jobs
// (notices, desk replies); a worker (inline in npm start, or npm run worker) sends them.
const opened = await openDatabase();
const { db, pool, url, close, logger } = opened;
// Reply addresses are derived from LINK_SECRET: the same one as the web process.
const config = withLinkSecret(opened.config);
await migrateToLatest(db, pool);
const directory = createDirectoryCache({ db, listenUrl: url, logger });
const listener = await startInboundSmtp(
  { db, queue: graphileQueue, config, clock: systemClock, logger, directory },
  { host: config.INBOUND_SMTP_HOST, port: config.INBOUND_SMTP_PORT },
);
logger.info({ host: config.INBOUND_SMTP_HOST, port: listener.port, replyDomain: config.replyDomain }, 'inbound SMTP listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'inbound SMTP stopping');
    await listener.close();
    await directory.close();
    await close();
    process.exit(0);
  });
}

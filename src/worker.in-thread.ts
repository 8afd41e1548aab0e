import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { poolSize } from './config.js';
import { createDatabase, createPool } from './db/database.js';
import { createLogger } from './lib/logger.js';
import { startStandaloneWorker } from './worker.standalone.js';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './worker.thread.js';

// Inside the web process's worker thread (src/worker.thread.ts): the job
// worker on its own pool and event loop, so sending mail never waits behind
// HTTP requests, nor they behind it.
const { config, databaseUrl, logFd } = workerData as WorkerThreadData;
const port = parentPort!;
const tell = (m: FromWorkerThread) => port.postMessage(m);
const logger = createLogger(config.LOG_LEVEL, pino.destination({ fd: logFd, sync: true })).child({ thread: 'worker' });
const pool = createPool(databaseUrl, poolSize(config, true), logger);
const db = createDatabase(pool);

try {
  const worker = await startStandaloneWorker(
    { config, pool, db, url: databaseUrl, logger },
    { onRunningChange: (running) => tell({ type: 'running', running }) },
  );
  port.on('message', (m: ToWorkerThread) => {
    if (m.type !== 'stop') return;
    void worker
      .close()
      .then(() => db.destroy())
      .finally(() => tell({ type: 'stopped' }));
  });
  tell({ type: 'started', mode: worker.mode });
} catch (err) {
  await db.destroy().catch(() => {});
  tell({ type: 'failed', message: (err as Error).message ?? String(err) });
}

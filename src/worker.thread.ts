import type { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import { backoffDelay } from './lib/backoff.js';
import type { Logger } from './lib/logger.js';
import { startTypeScriptThread } from './lib/typescript-thread.js';
import type { WorkerHandle } from './worker.js';

export interface WorkerThreadData {
  config: Config;
  databaseUrl: string;
  /** Where the thread's log lines go: 1 (stdout) or 2 (stderr), as the process's own. */
  logFd: 1 | 2;
}
export type ToWorkerThread = { type: 'stop' };
export type FromWorkerThread =
  | { type: 'started'; mode: 'smtp' | 'capture' }
  | { type: 'failed'; message: string }
  | { type: 'running'; running: boolean }
  | { type: 'stopped' };

/** The thread's entry beside this file: TypeScript when run through tsx. */
const entry = () => new URL(`./worker.in-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Starts one thread; resolves once its runner is up, rejects if it could not start. */
function spawn(data: WorkerThreadData, onMessage: (m: FromWorkerThread) => void): Promise<Worker> {
  const thread = startTypeScriptThread(entry(), { workerData: data });
  return new Promise((resolve, reject) => {
    const early = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
    const earlyExit = (code: number) => reject(new Error(`the worker thread exited (${code}) while starting`));
    thread.once('error', early);
    thread.once('exit', earlyExit);
    thread.on('message', (m: FromWorkerThread) => {
      if (m.type === 'started' || m.type === 'failed') {
        thread.off('error', early);
        thread.off('exit', earlyExit);
        if (m.type === 'started') resolve(thread);
        else void thread.terminate().finally(() => reject(new Error(m.message)));
        return;
      }
      onMessage(m);
    });
  });
}

export interface WorkerThreadHandle extends WorkerHandle {
  /** The thread running now (a new one after a restart): for its resource use, or to stop it hard. */
  thread(): Worker;
}

/**
 * The inline worker (WORKER=inline) in a thread of the web process: its own
 * event loop, pool and SMTP connections, on the same database. Sharing one
 * event loop, every SMTP and database round trip of a send waited behind the
 * requests of a burst, and the acknowledgements fell seconds behind; a second
 * loop also lets the process use a second core. A thread that dies is started
 * again, with backoff; while it is down, readiness reports the queue down.
 */
export async function startWorkerThread(config: Config, databaseUrl: string, logger: Logger, logFd: 1 | 2 = 1): Promise<WorkerThreadHandle> {
  const data: WorkerThreadData = { config, databaseUrl, logFd };
  let running = false;
  let stopping = false;
  let stopped: () => void = () => {};
  const stoppedThread = new Promise<void>((resolve) => (stopped = resolve));
  let wake: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const onMessage = (m: FromWorkerThread) => {
    if (m.type === 'running') running = m.running;
    if (m.type === 'stopped') stopped();
  };

  let thread = await spawn(data, onMessage);
  running = true;

  const supervise = (t: Worker) => {
    t.once('error', (err) => logger.error({ err: err.message }, 'the worker thread failed'));
    t.once('exit', (code) => {
      if (stopping) return stopped();
      running = false;
      logger.error({ code }, 'the worker thread stopped; starting it again');
      void (async () => {
        for (let attempt = 0; !stopping; attempt++) {
          await Promise.race([stopRequested, new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: 500, maxMs: 15_000 })))]);
          if (stopping) return stopped();
          try {
            thread = await spawn(data, onMessage);
            running = true;
            supervise(thread);
            if (stopping) thread.postMessage({ type: 'stop' } satisfies ToWorkerThread);
            return;
          } catch (err) {
            logger.warn({ err: (err as Error).message, attempt }, 'the worker thread could not start; retrying');
          }
        }
        stopped();
      })();
    });
  };
  supervise(thread);

  let stopOnce: Promise<void> | null = null;
  const stop = () =>
    (stopOnce ??= (async () => {
      stopping = true;
      running = false;
      wake();
      thread.postMessage({ type: 'stop' } satisfies ToWorkerThread);
      await stoppedThread;
      await thread.terminate();
    })());
  const promise = stoppedThread.then(() => stop());
  return { promise, stop, running: () => running && !stopping, thread: () => thread };
}

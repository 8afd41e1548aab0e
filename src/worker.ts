import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type RunnerOptions, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { backoffDelay } from './lib/backoff.js';
import { isDatabaseUnavailable } from './lib/db-errors.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import { graphileQueue } from './db/queue.js';
import { beatAndUnlockStale, forgetWorkers } from './db/worker-heartbeat.js';
import { PURGE_RATE_LIMITS_TASK, purgeRateLimitsTask } from './db/rate-limit.purge-task.js';
import { ESCALATE_OVERDUE_TASK, ESCALATION_CRONTAB, escalateOverdueTask } from './modules/escalation/escalation.task.js';
import { PURGE_IDEMPOTENCY_TASK, purgeIdempotencyKeysTask } from './modules/inquiries/idempotency.purge-task.js';
import { DIGEST_CRONTAB, SEND_DIGESTS_TASK, sendDigestsTask } from './modules/notifications/digest.task.js';
import { SEND_EMAIL_TASK } from './modules/mail/mail.outbox.js';
import { sendEmailTask } from './modules/mail/mail.send-task.js';
import { SEND_SIGN_IN_LINK_TASK, sendSignInLinkTask } from './modules/auth/signin.link-task.js';
import { PURGE_ALTCHA_CRONTAB, PURGE_ALTCHA_TASK, purgeAltchaSolutionsTask } from './modules/sharing/share.purge-task.js';
import { shareSendGuards } from './modules/sharing/index.js';
import type { Mailer } from './modules/mail/mail.transport.js';
import type { DirectoryCache } from './modules/routing/directory.cache.js';

export interface WorkerDeps {
  pool: pg.Pool;
  db: Database;
  mailer: Mailer;
  clock: Clock;
  config: Config;
  logger: Logger;
  directory: DirectoryCache;
}

export function taskList(deps: WorkerDeps): TaskList {
  return {
    [SEND_EMAIL_TASK]: sendEmailTask({ ...deps, sendGuards: shareSendGuards }),
    [SEND_SIGN_IN_LINK_TASK]: sendSignInLinkTask({ ...deps, queue: graphileQueue }),
    [PURGE_IDEMPOTENCY_TASK]: purgeIdempotencyKeysTask({ db: deps.db, ttlHours: deps.config.IDEMPOTENCY_TTL_HOURS }),
    [ESCALATE_OVERDUE_TASK]: escalateOverdueTask({ ...deps, queue: graphileQueue }),
    [SEND_DIGESTS_TASK]: sendDigestsTask({ ...deps, queue: graphileQueue }),
    [PURGE_ALTCHA_TASK]: purgeAltchaSolutionsTask(deps),
    [PURGE_RATE_LIMITS_TASK]: purgeRateLimitsTask(deps),
  };
}

/** graphile-worker's own log lines, through pino at the same level. */
function bridgeLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fn = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    logger[fn]({ worker: scope.label, task: scope.taskIdentifier, jobId: scope.jobId, err: meta?.error ? String((meta.error as Error).message ?? meta.error) : undefined }, message);
  });
}

function runnerOptions(deps: WorkerDeps, logger: Logger): RunnerOptions {
  return {
    pgPool: deps.pool,
    concurrency: deps.config.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1_000,
    // Scheduled work lives in graphile-worker's cron, shared safely by every worker process.
    crontab: [`17 * * * * ${PURGE_IDEMPOTENCY_TASK}`, `23 * * * * ${PURGE_RATE_LIMITS_TASK}`, ESCALATION_CRONTAB, DIGEST_CRONTAB, PURGE_ALTCHA_CRONTAB].join('\n'),
    logger: bridgeLogger(logger),
    taskList: taskList(deps),
  };
}

let tolerating = false;

/**
 * When a cron query fails, graphile-worker 0.16 stops the runner (handled
 * below) but also leaves a rejected promise without a handler
 * (`cron.promise.finally(…)` in its runner.js), which Node turns into a crash.
 * Such a rejection from a lost database is logged instead; any other
 * unhandled rejection still ends the process, as it would without this.
 */
function tolerateOrphanedDatabaseErrors(logger: Logger): void {
  if (tolerating) return;
  tolerating = true;
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn({ err: (reason as Error).message }, 'database unavailable (unhandled in the job runner)');
  });
}

/**
 * The worker ids of this process beat in Postgres; each beat also unlocks the
 * jobs of workers elsewhere that stopped beating (a SIGKILLed process), so
 * their jobs run again within WORKER_STALE_AFTER_MS plus one beat instead of
 * graphile-worker's four-hour lock timeout. A timer, not a job: it must run
 * even when every job slot is taken.
 */
function startHeartbeat(deps: WorkerDeps, logger: Logger, live: Set<string>) {
  let beating: Promise<void> = Promise.resolve();
  const beat = () => {
    beating = beatAndUnlockStale(deps.db, [...live], deps.config.WORKER_STALE_AFTER_MS).then(
      (unlocked) => {
        if (unlocked.length) logger.warn({ workers: unlocked }, 'unlocked the jobs of workers that stopped beating');
      },
      (err: unknown) => logger.warn({ err: (err as Error).message }, 'worker heartbeat failed'),
    );
  };
  beat();
  const timer = setInterval(beat, deps.config.WORKER_HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beating;
  };
}

export interface WorkerHandle {
  /** Settles once stop() finished. */
  promise: Promise<void>;
  stop(): Promise<void>;
  /** False while the runner is being restarted after losing the database. */
  running(): boolean;
}

interface Started {
  runner: Runner;
  /** Ids of workers that gave up (their jobs stay locked to them). */
  dead: string[];
  /** Settles when the runner stopped by itself or one of its workers gave up. */
  broken: Promise<string>;
}

/** Told when the runner goes down with the database and when it runs again (the web process's thread relays it). */
export interface WorkerObserver {
  onRunningChange?(running: boolean): void;
}

/**
 * The graphile-worker runner, started again whenever the database takes it
 * down. graphile-worker survives a failed job fetch, but not every loss: a
 * worker whose job finished while Postgres was away cannot record that and
 * exits for good ("committing seppuku"), leaving its job locked to it, and
 * cron stops the whole runner on a failed query. Then the rest of the runner
 * is stopped (running jobs finish), the dead workers' jobs are unlocked
 * (forceUnlockWorkers) and a fresh runner starts, retried with backoff until
 * the database answers.
 */
export async function startWorker(deps: WorkerDeps, observe: WorkerObserver = {}): Promise<WorkerHandle> {
  const logger = deps.logger.child({ component: 'worker' });
  tolerateOrphanedDatabaseErrors(logger);
  const options = runnerOptions(deps, logger);
  let stopping = false;
  let wake: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const live = new Set<string>();

  async function start(): Promise<Started> {
    const events: WorkerEvents = new EventEmitter();
    const dead: string[] = [];
    let brake: (why: string) => void = () => {};
    const broken = new Promise<string>((resolve) => (brake = resolve));
    events.on('worker:create', ({ worker }) => live.add(worker.workerId));
    events.on('worker:stop', ({ worker }) => live.delete(worker.workerId));
    events.on('worker:fatalError', ({ worker }) => {
      live.delete(worker.workerId);
      dead.push(worker.workerId);
      brake('a worker gave up');
    });
    const runner = await run({ ...options, events });
    runner.promise.then(
      () => brake('the runner stopped'),
      () => brake('the runner stopped on an error'),
    );
    return { runner, dead, broken };
  }

  async function restart(previous: Started): Promise<Started | null> {
    await previous.runner.stop().catch(() => {}); // already stopped when it stopped itself
    let dead = previous.dead;
    for (let attempt = 0; !stopping; attempt++) {
      await Promise.race([stopRequested, new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: 500, maxMs: 15_000 })))]);
      if (stopping) break;
      try {
        if (dead.length) {
          const utils = await makeWorkerUtils({ pgPool: deps.pool, logger: options.logger });
          try {
            await utils.forceUnlockWorkers(dead);
          } finally {
            await utils.release();
          }
          dead = [];
        }
        const next = await start();
        logger.info('job worker running again');
        return next;
      } catch (err) {
        logger.warn({ err: (err as Error).message, attempt }, 'job worker restart failed; retrying');
      }
    }
    return null;
  }

  let current: Started | null = await start();
  const stopHeartbeat = startHeartbeat(deps, logger, live);
  const supervised = (async () => {
    while (current && !stopping) {
      const why = await Promise.race([current.broken, stopRequested.then(() => null)]);
      if (why === null || stopping) break;
      logger.warn({ reason: why }, 'job worker lost the database; restarting it');
      const previous: Started = current;
      current = null;
      observe.onRunningChange?.(false);
      current = await restart(previous);
      if (current) observe.onRunningChange?.(true);
    }
  })();

  const promise = supervised.then(async () => {
    const ids = [...live];
    await current?.runner.stop().catch(() => {});
    await stopHeartbeat();
    await forgetWorkers(deps.db, ids).catch(() => {});
  });
  return {
    promise,
    async stop() {
      if (!stopping) {
        stopping = true;
        observe.onRunningChange?.(false);
        wake();
      }
      await promise;
    },
    running: () => current !== null && !stopping,
  };
}

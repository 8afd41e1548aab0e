import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import { graphileQueue } from './lib/queue.js';
import { PURGE_RATE_LIMITS_TASK, purgeRateLimitsTask } from './lib/rate-limit.purge-task.js';
import { ESCALATE_OVERDUE_TASK, ESCALATION_CRONTAB, escalateOverdueTask } from './modules/escalation/escalation.task.js';
import { PURGE_IDEMPOTENCY_TASK, purgeIdempotencyKeysTask } from './modules/inquiries/idempotency.purge-task.js';
import { DIGEST_CRONTAB, SEND_DIGESTS_TASK, sendDigestsTask } from './modules/desk/actions.digest-task.js';
import { SEND_EMAIL_TASK } from './modules/mail/mail.outbox.js';
import { sendEmailTask } from './modules/mail/mail.send-task.js';
import { SEND_SIGN_IN_LINK_TASK, sendSignInLinkTask } from './modules/auth/signin.link-task.js';
import { PURGE_ALTCHA_CRONTAB, PURGE_ALTCHA_TASK, purgeAltchaSolutionsTask } from './modules/sharing/share.purge-task.js';
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
    [SEND_EMAIL_TASK]: sendEmailTask(deps),
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

export async function startWorker(deps: WorkerDeps): Promise<Runner> {
  return run({
    pgPool: deps.pool,
    concurrency: deps.config.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1_000,
    // Scheduled work lives in graphile-worker's cron, shared safely by every worker process.
    crontab: [`17 * * * * ${PURGE_IDEMPOTENCY_TASK}`, `23 * * * * ${PURGE_RATE_LIMITS_TASK}`, ESCALATION_CRONTAB, DIGEST_CRONTAB, PURGE_ALTCHA_CRONTAB].join('\n'),
    logger: bridgeLogger(deps.logger.child({ component: 'worker' })),
    taskList: taskList(deps),
  });
}

import type { Task } from 'graphile-worker';
import type { Clock } from '../../lib/clock.js';
import { overdueBatchQuery, type OverdueCursor } from './escalation.repository.js';
import { escalateInquiry, type EscalationDeps } from './escalation.usecases.js';

export const ESCALATE_OVERDUE_TASK = 'escalate_overdue';

/** Every minute; graphile-worker's cron runs it once per tick however many workers there are. */
// max=1 and a job key: a failed run is not retried on its own (the next tick is
// the retry) and stays visible as one failed job instead of piling up.
export const ESCALATION_CRONTAB = `* * * * * ${ESCALATE_OVERDUE_TASK} ?max=1&jobKey=${ESCALATE_OVERDUE_TASK}`;

const BATCH_SIZE = 100;
/** Bounds one run; anything left is picked up by the next tick. */
const MAX_BATCHES = 50;

export interface EscalationRunDeps extends EscalationDeps {
  clock: Clock;
}

export interface EscalationRun {
  step1: number;
  step2: number;
  failed: number;
}

/**
 * One pass over overdue inquiries, oldest due first, each in its own
 * transaction so one bad inquiry cannot hold back the rest. Time is the
 * injected clock's, never the database's, so tests control it.
 */
export async function escalateOverdue(deps: EscalationRunDeps): Promise<EscalationRun> {
  const now = deps.clock.now();
  const run: EscalationRun = { step1: 0, step2: 0, failed: 0 };
  let cursor: OverdueCursor | null = null;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const rows: { id: string; due_at: Date }[] = await overdueBatchQuery(deps.db, now, deps.config.ESCALATION_REROUTE_AFTER_MINUTES, BATCH_SIZE, cursor).execute();
    for (const row of rows) {
      try {
        const outcome = await escalateInquiry(deps, row.id, now);
        if (!outcome) continue;
        run[outcome.step === 1 ? 'step1' : 'step2']++;
        deps.logger.info({ inquiryId: row.id, step: outcome.step, rerouted: outcome.rerouted }, 'inquiry escalated');
      } catch (err) {
        run.failed++;
        deps.logger.error({ inquiryId: row.id, err: (err as Error).message }, 'escalation failed');
      }
    }
    if (rows.length < BATCH_SIZE) break;
    const last = rows[rows.length - 1]!;
    cursor = { dueAt: last.due_at, id: last.id };
  }
  return run;
}

export function escalateOverdueTask(deps: EscalationRunDeps): Task {
  return async () => {
    const run = await escalateOverdue(deps);
    // The others are done and committed; failing the job makes the rest visible.
    if (run.failed > 0) throw new Error(`${run.failed} overdue ${run.failed === 1 ? 'inquiry' : 'inquiries'} could not be escalated`);
  };
}

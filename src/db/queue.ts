import type { Kysely, RawBuilder } from 'kysely';
import { addJob, addJobs, addJobsExpression, pingJobTables, type AddJobOptions, type NewJob } from './jobs.js';

export type { AddJobOptions, NewJob };

/**
 * The durable job queue (graphile-worker). Jobs are added through the caller's
 * executor, so a job exists exactly when the transaction that caused it commits.
 */
export interface JobQueue {
  add(db: Kysely<any>, task: string, payload: Record<string, unknown>, opts?: AddJobOptions): Promise<void>;
  /**
   * Several jobs in one statement, same semantics as calling add for each in
   * order. Optional: callers fall back to add, one job at a time.
   */
  addMany?(db: Kysely<any>, jobs: NewJob[]): Promise<void>;
  /**
   * The jobs as an SQL expression, for a statement that also writes what they
   * are about (one round trip for both). Optional: without it callers write
   * first and add the jobs after.
   */
  expression?(jobs: NewJob[]): RawBuilder<number>;
  /** Throws when the queue's tables cannot be reached. */
  ping(db: Kysely<any>): Promise<void>;
}

export const graphileQueue: JobQueue = { add: addJob, addMany: addJobs, expression: addJobsExpression, ping: pingJobTables };

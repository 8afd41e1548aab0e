import type { Kysely, RawBuilder } from 'kysely';
import { addJob, addJobsExpression, pingJobTables, type AddJobOptions, type NewJob } from './jobs.js';

export type { AddJobOptions, NewJob };

/**
 * The durable job queue (graphile-worker). Jobs are added through the caller's
 * executor, so a job exists exactly when the transaction that caused it commits.
 */
export interface JobQueue {
  add(db: Kysely<any>, task: string, payload: Record<string, unknown>, opts?: AddJobOptions): Promise<void>;
  /**
   * The jobs as an SQL expression, for a statement that also writes what they
   * are about (one round trip for both). Optional: without it callers write
   * first and add the jobs one at a time.
   */
  expression?(jobs: NewJob[]): RawBuilder<number>;
  /** Throws when the queue's tables cannot be reached. */
  ping(db: Kysely<any>): Promise<void>;
}

export const graphileQueue: JobQueue = { add: addJob, expression: addJobsExpression, ping: pingJobTables };

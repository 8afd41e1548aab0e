import type { Kysely } from 'kysely';
import { addJob, addJobs, pingJobTables, type AddJobOptions, type NewJob } from './jobs.js';

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
  /** Throws when the queue's tables cannot be reached. */
  ping(db: Kysely<any>): Promise<void>;
}

export const graphileQueue: JobQueue = { add: addJob, addMany: addJobs, ping: pingJobTables };

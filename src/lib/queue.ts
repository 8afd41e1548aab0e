import { sql, type Kysely } from 'kysely';

export interface AddJobOptions {
  /** Same key, same job: a retry of the caller never doubles the work. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

/**
 * The durable job queue (graphile-worker). Jobs are added through the caller's
 * executor, so a job exists exactly when the transaction that caused it commits.
 */
export interface JobQueue {
  add(db: Kysely<any>, task: string, payload: Record<string, unknown>, opts?: AddJobOptions): Promise<void>;
  /** Throws when the queue's tables cannot be reached. */
  ping(db: Kysely<any>): Promise<void>;
}

export const graphileQueue: JobQueue = {
  async add(db, task, payload, opts = {}) {
    await sql`select graphile_worker.add_job(
      ${task},
      ${JSON.stringify(payload)}::json,
      run_at => ${opts.runAt ?? null}::timestamptz,
      max_attempts => ${opts.maxAttempts ?? null}::int,
      job_key => ${opts.jobKey ?? null}::text
    )`.execute(db);
  },
  async ping(db) {
    await sql`select 1 from graphile_worker._private_jobs limit 1`.execute(db);
  },
};

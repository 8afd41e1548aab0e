import { sql, type Kysely, type RawBuilder } from 'kysely';

// graphile-worker's SQL API, called through whichever executor the caller
// holds, so a job is added inside the transaction that caused it.

export interface AddJobOptions {
  /** Same key, same job: a retry of the caller never doubles the work. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  /** Lower runs first among due jobs (graphile-worker's priority, default 0). */
  priority?: number;
}

export interface NewJob {
  task: string;
  payload: Record<string, unknown>;
  opts?: AddJobOptions;
}

export async function addJob(db: Kysely<any>, task: string, payload: Record<string, unknown>, opts: AddJobOptions = {}): Promise<void> {
  await sql`select graphile_worker.add_job(
      ${task},
      ${JSON.stringify(payload)}::json,
      run_at => ${opts.runAt ?? null}::timestamptz,
      max_attempts => ${opts.maxAttempts ?? null}::int,
      job_key => ${opts.jobKey ?? null}::text,
      priority => ${opts.priority ?? null}::int
    )`.execute(db);
}

/**
 * Several jobs as an expression (the number added), for a statement that also
 * writes what the jobs are about: one round trip for both. add_job is add_jobs
 * with one spec (job_key_mode 'replace'), so the rows are the same as adding
 * each; specs are matched to job_spec's fields by name, not position.
 */
export function addJobsExpression(jobs: NewJob[]): RawBuilder<number> {
  const specs = jobs.map(({ task, payload, opts = {} }) => ({
    identifier: task,
    payload,
    run_at: opts.runAt?.toISOString() ?? null,
    max_attempts: opts.maxAttempts ?? null,
    job_key: opts.jobKey ?? null,
    priority: opts.priority ?? null,
  }));
  return sql<number>`(select count(*)::int from graphile_worker.add_jobs(array(
      select s from json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json) as s
    )))`;
}

/** Throws when the queue's tables cannot be reached. */
export async function pingJobTables(db: Kysely<any>): Promise<void> {
  await sql`select 1 from graphile_worker._private_jobs limit 1`.execute(db);
}

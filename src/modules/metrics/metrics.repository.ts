import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** The outbox by kind and status, as the pressdesk_emails gauge reports it. */
export function emailCountsByKindAndStatus(db: Executor) {
  return db.selectFrom('emails').select(['kind', 'status', sql<number>`count(*)::int`.as('n')]).groupBy(['kind', 'status']).execute();
}

/**
 * graphile-worker's jobs by task and state, read from its private tables (it
 * has no public view of them); a job out of attempts is kept as 'failed'.
 */
export async function jobCountsByTaskAndState(db: Executor) {
  const { rows } = await sql<{ task: string; state: string; n: number }>`
        select t.identifier as task,
               case when j.attempts >= j.max_attempts then 'failed'
                    when j.locked_at is not null then 'running'
                    else 'waiting' end as state,
               count(*)::int as n
          from graphile_worker._private_jobs j
          join graphile_worker._private_tasks t on t.id = j.task_id
         group by 1, 2`.execute(db);
  return rows;
}

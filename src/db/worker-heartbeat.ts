import { sql, type Kysely } from 'kysely';

/**
 * One round trip per beat: record that these workers are alive, forget ids
 * not heard of for a day, and unlock the jobs and queues of every worker that
 * holds a lock older than `staleMs` without a beat as recent. Returns the ids
 * unlocked. graphile-worker's force_unlock_workers puts their jobs back in
 * the queue with the attempt they were on (the email keeps its Message-ID).
 */
export async function beatAndUnlockStale(db: Kysely<any>, workerIds: string[], staleMs: number): Promise<string[]> {
  const stale = `${Math.max(1, Math.round(staleMs))} milliseconds`;
  const { rows } = await sql<{ unlocked: string[] }>`
    with beat as (
      insert into worker_heartbeats (worker_id, beat_at)
      select id, now() from unnest(${workerIds}::text[]) as id
      on conflict (worker_id) do update set beat_at = excluded.beat_at
      returning worker_id
    ), forgotten as (
      delete from worker_heartbeats where beat_at < now() - interval '1 day'
    ), holders as (
      select locked_by as worker_id from graphile_worker._private_jobs
        where locked_by is not null and locked_at < now() - ${stale}::interval
      union
      select locked_by from graphile_worker._private_job_queues
        where locked_by is not null and locked_at < now() - ${stale}::interval
    ), dead as (
      select h.worker_id from holders h
      where h.worker_id <> all(${workerIds}::text[])
        and not exists (
          select 1 from worker_heartbeats w
          where w.worker_id = h.worker_id and w.beat_at > now() - ${stale}::interval
        )
    )
    select coalesce(array_agg(worker_id), '{}') as unlocked,
      graphile_worker.force_unlock_workers(coalesce(array_agg(worker_id), '{}')) as done
    from dead`.execute(db);
  return rows[0]?.unlocked ?? [];
}

/** A worker that stopped cleanly released its jobs; its id need not wait a day to go. */
export async function forgetWorkers(db: Kysely<any>, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await sql`delete from worker_heartbeats where worker_id = any(${workerIds}::text[])`.execute(db);
}

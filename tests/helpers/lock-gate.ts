import { sql, type Kysely } from 'kysely';
import { graphileQueue, type JobQueue } from '../../src/db/queue.js';

/**
 * The real job queue, with a gate for races: when armed, the first job add
 * (inside the first request's transaction, after it took its locks) waits
 * until `waiters` other sessions are blocked on Postgres locks, so "the others
 * wait for the first" is certain, not hoped for.
 */
export function lockGate(db: () => Kysely<any>) {
  let gate: { waiters: number; observed?: number } | null = null;

  async function lockWaiters(expected: number): Promise<number> {
    const until = Date.now() + 5_000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db());
      if (rows[0]!.n >= expected || Date.now() > until) return rows[0]!.n;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  const queue: JobQueue = {
    async add(trx, task, payload, opts) {
      if (gate && gate.observed === undefined) {
        gate.observed = -1;
        gate.observed = await lockWaiters(gate.waiters);
      }
      await graphileQueue.add(trx, task, payload, opts);
    },
    ping: (d) => graphileQueue.ping(d),
  };

  return {
    queue,
    arm(waiters: number) {
      gate = { waiters };
    },
    /** How many sessions were waiting on locks when the gate opened (undefined: it never did). */
    observed: () => gate?.observed,
    disarm() {
      gate = null;
    },
  };
}

/**
 * The plans behind the queue, for `bench:queue`: runs the repository's own
 * `listQueue` against the benchmark database with a Kysely that records every
 * compiled query, then runs `EXPLAIN (ANALYZE, BUFFERS)` on exactly that SQL
 * and those parameters. Nothing is reconstructed by hand.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/db/schema.js';
import { loadStaff, type Staff } from '../src/modules/auth/staff.js';
import { parsePageQuery } from '../src/modules/desk/queue.params.js';
import { listQueue } from '../src/modules/desk/queue.repository.js';

export interface Plan {
  /** What the query is: the page (rows in order) or the counts per status. */
  role: string;
  sql: string;
  params: readonly unknown[];
  text: string;
  executionMs: number;
}

export interface Explainer {
  explain(email: string, query: Record<string, string>): Promise<Plan[]>;
  close(): Promise<void>;
}

export function explainer(databaseUrl: string): Explainer {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {});
  let capture: { sql: string; params: readonly unknown[] }[] | null = null;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query' && capture) capture.push({ sql: e.query.sql, params: e.query.parameters });
    },
  });
  const staffCache = new Map<string, Staff>();

  async function staffOf(email: string): Promise<Staff> {
    const known = staffCache.get(email);
    if (known) return known;
    const { id } = await db.selectFrom('staff_users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirstOrThrow();
    const staff = await loadStaff(db, id, { idHash: 'bench', csrf: 'bench' });
    if (!staff) throw new Error(`no active staff account ${email}`);
    staffCache.set(email, staff);
    return staff;
  }

  return {
    async explain(email, query) {
      const staff = await staffOf(email);
      // The same parsing as GET /desk and the API, so the parameters are the service's.
      const params = parsePageQuery(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])));
      // Only the queries of this one call (the staff look-up above is not the queue's).
      const queries: { sql: string; params: readonly unknown[] }[] = [];
      capture = queries;
      try {
        await listQueue(db, staff, params);
      } finally {
        capture = null;
      }
      const plans: Plan[] = [];
      for (const q of queries) {
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, q.params as unknown[]);
        const text = rows.map((r) => r['QUERY PLAN']).join('\n');
        const exec = /Execution Time: ([\d.]+) ms/.exec(text);
        plans.push({
          role: /group by/i.test(q.sql) ? 'counts per status' : 'page',
          sql: q.sql,
          params: q.params,
          text,
          executionMs: exec ? Number(exec[1]) : NaN,
        });
      }
      return plans;
    },
    close: () => db.destroy(),
  };
}

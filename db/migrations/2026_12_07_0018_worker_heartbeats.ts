import { type Kysely, sql } from 'kysely';

// Each job worker writes its id here every few seconds while it lives. A
// worker that stops beating (SIGKILL, a lost machine) had its jobs locked for
// graphile-worker's four hours; now a live worker unlocks them within a minute.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('worker_heartbeats')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('beat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('worker_heartbeats').execute();
}

import { type Kysely, sql } from 'kysely';

// Counters for the public limits (intake per client address, "Email this
// article" per address, sender and recipient), shared by every app process.
// The shape is rate-limiter-flexible's own (src/lib/rate-limit.ts): key is
// prefix:hash, expire is epoch milliseconds. Made here rather than by the
// library so the schema has one source.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
    .addColumn('points', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await sql`create index rate_limits_expire on rate_limits (expire)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}

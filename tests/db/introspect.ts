import { sql, type Kysely } from 'kysely';

/** Kysely's own bookkeeping, not part of the application schema. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

/** Every column of every base table in the public schema, as Postgres sees it. */
export async function publicColumns(db: Kysely<any>): Promise<ColumnInfo[]> {
  const { rows } = await sql<ColumnInfo>`
    select c.table_name as "table", c.column_name as "column", c.udt_name as "type",
           c.is_nullable = 'YES' as nullable, c.column_default as "default"
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  return rows;
}

export async function publicIndexes(db: Kysely<any>): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public' order by indexname`.execute(db);
  return rows;
}

export async function publicConstraints(db: Kysely<any>): Promise<{ table: string; name: string; definition: string }[]> {
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select cl.relname as "table", co.conname as name, pg_get_constraintdef(co.oid) as definition
    from pg_constraint co join pg_class cl on cl.oid = co.conrelid join pg_namespace n on n.oid = cl.relnamespace
    where n.nspname = 'public' order by cl.relname, co.conname`.execute(db);
  return rows;
}

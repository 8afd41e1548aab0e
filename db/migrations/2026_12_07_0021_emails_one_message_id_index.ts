import { type Kysely, sql } from 'kysely';

// Message-IDs are unique (emails_message_id_key, migration 0003), and that
// index serves the In-Reply-To lookups; the plain one beside it (migration 0013)
// only cost a second index entry for every email queued and every send.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists emails_message_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists emails_message_id on emails (message_id)`.execute(db);
}

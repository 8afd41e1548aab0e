import { type Kysely, sql } from 'kysely';

// What `bench:queue` showed the queue needs at a million inquiries, of which
// ~2% are not closed (bench/README.md, "Queue benchmark"):
// - counts per status read only this small index (an index-only scan) instead
//   of one heap page per open inquiry; the included columns are the filters;
// - a search in the queue (closed ones only when asked for) looks in indexes of
//   the open inquiries, not of all of them. Same expressions as 0005, so the
//   same queries match; 0005's whole-table ones stay for the closed archive;
// - the closed view walks its own keyset indexes (the order of inquiries_queue
//   and inquiries_queue_all) instead of sorting every closed inquiry.
const INDEXES = [
  sql`create index inquiries_open_counts on inquiries (office_id, status) include (contact_id, topic, country, language) where status <> 'closed'`,
  sql`create index inquiries_search_open on inquiries using gin (search) where status <> 'closed'`,
  sql`create index inquiries_search_trgm_open on inquiries using gin ((subject || ' ' || name || ' ' || outlet || ' ' || message) gin_trgm_ops) where status <> 'closed'`,
  sql`create index inquiries_closed on inquiries (office_id, (priority <> 'urgent'), due_at, id) where status = 'closed'`,
  sql`create index inquiries_closed_all on inquiries ((priority <> 'urgent'), due_at, id) where status = 'closed'`,
];
const NAMES = ['inquiries_open_counts', 'inquiries_search_open', 'inquiries_search_trgm_open', 'inquiries_closed', 'inquiries_closed_all'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const ddl of INDEXES) await ddl.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [...NAMES].reverse()) await sql`drop index ${sql.raw(name)}`.execute(db);
}

import { type Kysely, sql } from 'kysely';

// The press officers' desk: staff accounts and sessions, sign-in links, the
// audit log, canned answers, and what the queue needs on inquiries (search,
// a reply address token, a version for collision detection).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    // Admins see and change everything; officers and leads are what their office memberships say.
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('contact_id', 'uuid', (c) => c.unique().references('contacts.id').onDelete('set null'))
    .addColumn('notify', 'text', (c) => c.notNull().defaultTo('immediate').check(sql`notify in ('immediate', 'digest')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index staff_users_email on staff_users (lower(email))`.execute(db);

  await db.schema
    .createTable('staff_sessions')
    // The cookie holds the session id; only its SHA-256 is stored.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_sessions_user').on('staff_sessions').column('user_id').execute();

  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('staff_users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    // Who and what, never message bodies or passwords.
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('client_hash', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  await db.schema
    .createTable('canned_answers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('canned_answers_office').on('canned_answers').column('office_id').execute();

  await db.schema
    .alterTable('inquiries')
    .addColumn('reply_token', 'text', (c) => c.unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Full-text search over what officers look for; 'simple' keeps names and
  // mixed languages intact, and trigrams find Chinese text, which has no spaces.
  await sql`alter table inquiries add column search tsvector generated always as (
      to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(name, '') || ' ' || coalesce(outlet, '') || ' ' || coalesce(email, '') || ' ' || coalesce(message, ''))
    ) stored`.execute(db);
  await sql`create index inquiries_search on inquiries using gin (search)`.execute(db);
  await sql`create index inquiries_search_trgm on inquiries using gin ((subject || ' ' || name || ' ' || outlet || ' ' || message) gin_trgm_ops)`.execute(db);
  // The queue's order: urgent first, then due time; keyset pagination walks this index.
  await sql`create index inquiries_queue on inquiries (office_id, (priority <> 'urgent'), due_at, id) where status <> 'closed'`.execute(db);
  await sql`create index inquiries_queue_all on inquiries ((priority <> 'urgent'), due_at, id) where status <> 'closed'`.execute(db);
  await sql`create index inquiries_assignee_queue on inquiries (contact_id, (priority <> 'urgent'), due_at, id) where status <> 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['inquiries_assignee_queue', 'inquiries_queue_all', 'inquiries_queue', 'inquiries_search_trgm', 'inquiries_search']) {
    await sql`drop index ${sql.raw(i)}`.execute(db);
  }
  await db.schema.alterTable('inquiries').dropColumn('search').dropColumn('version').dropColumn('reply_token').execute();
  for (const t of ['canned_answers', 'audit_log', 'sign_in_links', 'staff_sessions', 'staff_users']) {
    await db.schema.dropTable(t).execute();
  }
}

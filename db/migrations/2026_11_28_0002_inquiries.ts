import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // References are PD-<year>-<n>; a sequence never blocks concurrent intake.
  await sql`create sequence inquiry_reference_seq`.execute(db);

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('status_token', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('new').check(sql`status in ('new', 'open', 'waiting', 'answered', 'closed')`),
    )
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('urgent', 'normal')`))
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('contact_id', 'uuid', (c) => c.references('contacts.id'))
    .addColumn('routing', 'jsonb', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('outlet', 'text', (c) => c.notNull())
    .addColumn('outlet_type', 'text')
    .addColumn('country', 'char(2)', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'zh', 'ms')`))
    .addColumn('topic', 'text', (c) => c.references('topics.code'))
    .addColumn('article_id', 'uuid', (c) => c.references('articles.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz')
    .addColumn('involves_children', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('privacy_notice_version', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'form')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('inquiries_office_due').on('inquiries').columns(['office_id', 'due_at']).execute();
  await db.schema.createIndex('inquiries_email').on('inquiries').column('email').execute();

  // Everything that happens to an inquiry, in order: the thread and the audit trail.
  await db.schema
    .createTable('inquiry_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'uuid', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('inquiry_events_inquiry').on('inquiry_events').columns(['inquiry_id', 'id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('inquiry_id', 'uuid', (c) => c.references('inquiries.id').onDelete('cascade'))
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('inquiry_events').execute();
  await db.schema.dropTable('inquiries').execute();
  await sql`drop sequence inquiry_reference_seq`.execute(db);
}

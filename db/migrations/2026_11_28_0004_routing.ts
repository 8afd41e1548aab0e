import { type Kysely, sql } from 'kysely';

// The routing engine's directory: hours, holidays, memberships, skills,
// absences, duty officers, admin rules; escalation steps; API tokens; and a
// change signal (NOTIFY) so every app process reloads its cached directory.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db);

  await db.schema
    .alterTable('offices')
    .addColumn('duty_contact_id', 'uuid', (c) => c.references('contacts.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('office_hours')
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('weekday', 'smallint', (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn('opens', 'time', (c) => c.notNull())
    .addColumn('closes', 'time', (c) => c.notNull())
    .addPrimaryKeyConstraint('office_hours_pk', ['office_id', 'weekday', 'opens'])
    .addCheckConstraint('office_hours_order', sql`closes > opens`)
    .execute();

  await db.schema
    .createTable('office_holidays')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addCheckConstraint('office_holidays_order', sql`ends_on >= starts_on`)
    .execute();
  await sql`alter table office_holidays add constraint office_holidays_no_overlap
    exclude using gist (office_id with =, daterange(starts_on, ends_on, '[]') with &&)`.execute(db);

  await db.schema
    .createTable('office_members')
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('officer').check(sql`role in ('officer', 'lead')`))
    .addPrimaryKeyConstraint('office_members_pk', ['office_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('office_members_contact').on('office_members').column('contact_id').execute();

  await db.schema
    .createTable('contact_topics')
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull().references('topics.code').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_topics_pk', ['contact_id', 'topic'])
    .execute();

  await db.schema
    .createTable('out_of_office')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .addCheckConstraint('out_of_office_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('out_of_office_contact').on('out_of_office').columns(['contact_id', 'ends_at']).execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('contact_id', 'uuid', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('routing_rules_position').on('routing_rules').column('position').execute();

  // Escalation and fair assignment need these on the inquiry.
  await db.schema.alterTable('inquiries').addColumn('first_response_at', 'timestamptz').execute();
  await sql`create index inquiries_open_by_contact on inquiries (contact_id) where status in ('new', 'open', 'waiting')`.execute(db);
  await sql`create index inquiries_overdue on inquiries (due_at) where first_response_at is null and status in ('new', 'open')`.execute(db);

  await db.schema
    .createTable('inquiry_escalations')
    .addColumn('inquiry_id', 'uuid', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('step', 'smallint', (c) => c.notNull().check(sql`step in (1, 2)`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('inquiry_escalations_pk', ['inquiry_id', 'step'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'integrator')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  // One counter for the whole directory: every change bumps it and notifies
  // listeners, so caches in every process reload.
  await db.schema
    .createTable('directory_version')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`insert into directory_version default values`.execute(db);
  await sql`
    create function directory_changed() returns trigger language plpgsql as $$
    begin
      update directory_version set version = version + 1;
      perform pg_notify('pressdesk_directory', (select version::text from directory_version));
      return null;
    end $$`.execute(db);
  for (const table of DIRECTORY_TABLES) {
    await sql`create trigger ${sql.raw(`${table}_directory_changed`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function directory_changed()`.execute(db);
  }
}

const DIRECTORY_TABLES = [
  'offices',
  'office_countries',
  'office_hours',
  'office_holidays',
  'office_members',
  'contacts',
  'contact_topics',
  'out_of_office',
  'routing_rules',
  'topics',
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of DIRECTORY_TABLES) {
    await sql`drop trigger ${sql.raw(`${table}_directory_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function directory_changed()`.execute(db);
  for (const t of ['directory_version', 'api_tokens', 'inquiry_escalations', 'routing_rules', 'out_of_office', 'contact_topics', 'office_members', 'office_holidays', 'office_hours']) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop index inquiries_overdue`.execute(db);
  await sql`drop index inquiries_open_by_contact`.execute(db);
  await db.schema.alterTable('inquiries').dropColumn('first_response_at').execute();
  await db.schema.alterTable('offices').dropColumn('duty_contact_id').execute();
}

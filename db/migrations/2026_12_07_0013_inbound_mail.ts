import { type Kysely, sql } from 'kysely';

// Email comes back in. Every received message is kept (raw, gzip-compressed)
// with what the pipeline decided about it: threaded into an inquiry,
// quarantined for staff to release or drop, ignored as automatic mail, or
// recorded as a bounce. Attachments live in Postgres beside the message that
// brought them (or the form or desk reply that did), so they commit, back up
// and are deleted with their inquiry.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table inquiries drop constraint if exists inquiries_status_check`.execute(db);
  await sql`
    alter table inquiries add constraint inquiries_status_check
      check (status in ('new', 'open', 'reporter_replied', 'waiting', 'answered', 'closed'))
  `.execute(db);

  await db.schema
    .alterTable('inquiries')
    // When the reporter's address last bounced, and why (from the DSN); cleared by mail from them.
    .addColumn('reporter_bouncing_at', 'timestamptz')
    .addColumn('reporter_bounce_reason', 'text')
    // The one holding note per inquiry whose reporter deadline passed unanswered.
    .addColumn('holding_note_sent_at', 'timestamptz')
    // A reply to an inquiry closed too long ago becomes a new inquiry pointing at the old one.
    .addColumn('follows_inquiry_id', 'uuid', (c) => c.references('inquiries.id').onDelete('set null'))
    .execute();

  // Addresses staff added to an inquiry that may also write on the reporter's side (a colleague, an editor).
  await db.schema
    .createTable('inquiry_reporter_addresses')
    .addColumn('inquiry_id', 'uuid', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('added_by', 'uuid', (c) => c.references('staff_users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('inquiry_reporter_addresses_pkey', ['inquiry_id', 'address'])
    .execute();

  // How the office signs its mail: "UNICEF Media Malaysia" rather than the product's name.
  await db.schema.alterTable('offices').addColumn('mail_display_name', 'text').execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Without angle brackets; a message without one gets 'sha256:<hex of the raw message>'.
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('smtp', 'api')`))
    // The SMTP envelope: '' is the null return path of a bounce.
    .addColumn('envelope_from', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('human', 'auto_reply', 'bounce')`))
    .addColumn('disposition', 'text', (c) =>
      c.notNull().check(sql`disposition in ('threaded', 'quarantined', 'ignored', 'bounce', 'released', 'dropped', 'new_inquiry')`),
    )
    // Why it was quarantined or ignored, in words staff can read.
    .addColumn('reason', 'text')
    .addColumn('inquiry_id', 'uuid', (c) => c.references('inquiries.id').onDelete('cascade'))
    // Which address of the inquiry it came in on.
    .addColumn('side', 'text', (c) => c.check(sql`side in ('reporter', 'staff')`))
    .addColumn('matched_by', 'text', (c) => c.check(sql`matched_by in ('address', 'in_reply_to', 'subject')`))
    // SPF, DKIM and DMARC as mailauth reported them.
    .addColumn('authentication', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The new part of the message (quoted history and signature folded away), and all of it.
    .addColumn('visible_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('full_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('raw_gzip', 'bytea', (c) => c.notNull())
    .addColumn('raw_bytes', 'integer', (c) => c.notNull())
    .addColumn('handled_by', 'uuid', (c) => c.references('staff_users.id').onDelete('set null'))
    .addColumn('handled_at', 'timestamptz')
    .execute();
  await sql`create index inbound_messages_quarantine on inbound_messages (received_at) where disposition = 'quarantined'`.execute(db);
  await sql`create index inbound_messages_inquiry on inbound_messages (inquiry_id, received_at)`.execute(db);
  // In-Reply-To and References are looked up among the Message-IDs we sent.
  await sql`create index if not exists emails_message_id on emails (message_id)`.execute(db);

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inquiry_id', 'uuid', (c) => c.references('inquiries.id').onDelete('cascade'))
    // Exactly one origin: a received message, an email we send (a desk reply), or the reporter's form.
    .addColumn('inbound_message_id', 'uuid', (c) => c.references('inbound_messages.id').onDelete('cascade'))
    .addColumn('email_id', 'uuid', (c) => c.references('emails.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('email', 'reply', 'form')`))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index attachments_inquiry on attachments (inquiry_id)`.execute(db);
  await sql`create index attachments_inbound_message on attachments (inbound_message_id) where inbound_message_id is not null`.execute(db);
  await sql`create index attachments_email on attachments (email_id) where email_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
  await db.schema.dropTable('inbound_messages').execute();
  await sql`drop index if exists emails_message_id`.execute(db);
  await db.schema.alterTable('offices').dropColumn('mail_display_name').execute();
  await db.schema.dropTable('inquiry_reporter_addresses').execute();
  await db.schema
    .alterTable('inquiries')
    .dropColumn('follows_inquiry_id')
    .dropColumn('holding_note_sent_at')
    .dropColumn('reporter_bounce_reason')
    .dropColumn('reporter_bouncing_at')
    .execute();
  await sql`update inquiries set status = 'open' where status = 'reporter_replied'`.execute(db);
  await sql`alter table inquiries drop constraint if exists inquiries_status_check`.execute(db);
  await sql`alter table inquiries add constraint inquiries_status_check check (status in ('new', 'open', 'waiting', 'answered', 'closed'))`.execute(db);
}

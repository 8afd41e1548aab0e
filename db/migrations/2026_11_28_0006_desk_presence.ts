import { type Kysely, sql } from 'kysely';

// Desk presence (who has an inquiry open, who is writing a reply: the
// collision warning) and the notifications an officer collects for a digest.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('desk_presence')
    .addColumn('inquiry_id', 'uuid', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('viewing', 'drafting')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('desk_presence_pkey', ['inquiry_id', 'user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('staff_digest_items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'uuid', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    // new_inquiry, assigned, transferred, follow_up
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_digest_items_user').on('staff_digest_items').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_digest_items').execute();
  await db.schema.dropTable('desk_presence').execute();
}

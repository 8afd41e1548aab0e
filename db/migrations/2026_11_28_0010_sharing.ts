import { type Kysely, sql } from 'kysely';

// "Email this article". Addresses are never stored in clear here: only
// sha256 hashes (the outbox rows hold the one copy needed to send).
export async function up(db: Kysely<any>): Promise<void> {
  // Secrets every app process must agree on (the ALTCHA HMAC key when
  // ALTCHA_HMAC_KEY is unset): the first process to need one inserts it.
  await db.schema
    .createTable('share_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One row per accepted share: counted per article for the desk.
  await db.schema
    .createTable('shares')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('sender_hash', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'zh', 'ms')`))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('form', 'api')`))
    .addColumn('recipients', 'integer', (c) => c.notNull().check(sql`recipients between 0 and 5`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('shares_article_created').on('shares').columns(['article_id', 'created_at']).execute();

  // Who was mailed (as hashes), and the one-click unsubscribe token of each message (as a hash).
  await db.schema
    .createTable('share_recipients')
    .addColumn('share_id', 'uuid', (c) => c.notNull().references('shares.id').onDelete('cascade'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('unsubscribe_hash', 'text', (c) => c.notNull().unique())
    .addPrimaryKeyConstraint('share_recipients_pkey', ['share_id', 'address_hash'])
    .execute();

  // Addresses that never get shared-article mail again.
  await db.schema
    .createTable('share_opt_outs')
    .addColumn('address_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Each ALTCHA solution is good once: its challenge signature is kept until the challenge expires.
  await db.schema
    .createTable('altcha_solutions')
    .addColumn('challenge_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('altcha_solutions_expires').on('altcha_solutions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('altcha_solutions').execute();
  await db.schema.dropTable('share_opt_outs').execute();
  await db.schema.dropTable('share_recipients').execute();
  await db.schema.dropTable('shares').execute();
  await db.schema.dropTable('share_secrets').execute();
}

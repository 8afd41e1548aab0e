import { type Kysely, sql } from 'kysely';

// Reporters' private links stop being stored in clear. A new inquiry's links
// are derived from LINK_SECRET and a per-inquiry nonce (src/lib/link-tokens.ts);
// the row keeps the nonce and sha256 of each token for lookup. Rows from before
// keep working links: their clear tokens become legacy hashes, and the service
// fills their derived hashes at start (backfillLinkHashes), where the secret is.
const HASHES = ['status_hash', 'reply_hash', 'staff_reply_hash', 'legacy_status_hash', 'legacy_reply_hash'];

const STATUS_URL = `https?://[^[:space:]"'<>]*/inquiries/status/[A-Za-z0-9_-]+`;
const REPLY_ADDRESS = `reply\\+[A-Za-z0-9_-]+@[A-Za-z0-9.-]+`;

export async function up(db: Kysely<any>): Promise<void> {
  let alter = db.schema.alterTable('inquiries').addColumn('link_nonce', 'text');
  for (const c of HASHES) alter = alter.addColumn(c, 'text');
  await alter.execute();

  const hex = (col: string) => sql`encode(sha256(convert_to(${sql.ref(col)}, 'UTF8')), 'hex')`;
  await db
    .updateTable('inquiries')
    .set({
      link_nonce: sql`replace(gen_random_uuid()::text, '-', '')`,
      legacy_status_hash: hex('status_token'),
      legacy_reply_hash: sql`case when reply_token is null then null else ${hex('reply_token')} end`,
    })
    .execute();
  await db.schema.alterTable('inquiries').alterColumn('link_nonce', (c) => c.setNotNull()).execute();
  for (const c of HASHES) {
    await db.schema.alterTable('inquiries').addUniqueConstraint(`inquiries_${c}_key`, [c]).execute();
  }
  await db.schema.alterTable('inquiries').dropColumn('status_token').dropColumn('reply_token').execute();

  // Stored answers to Idempotency-Key retries: the status URL is rebuilt on replay.
  await sql`update idempotency_keys set response_body = response_body - 'statusUrl'`.execute(db);

  // Copies of mail already delivered (or given up on) keep no usable link; captured mail is the dev mailbox's.
  await sql`
    update emails set
      text = regexp_replace(regexp_replace(text, ${STATUS_URL}, '[private link to the reporter''s status page]', 'g'), ${REPLY_ADDRESS}, '[private reply address]', 'g'),
      html = regexp_replace(regexp_replace(html, ${STATUS_URL}, '[private link to the reporter''s status page]', 'g'), ${REPLY_ADDRESS}, '[private reply address]', 'g'),
      reply_to = regexp_replace(reply_to, ${REPLY_ADDRESS}, '[private reply address]', 'g')
    where status in ('sent', 'failed') and inquiry_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The clear tokens cannot come back: every inquiry gets a new (random) status link.
  await db.schema.alterTable('inquiries').addColumn('status_token', 'text').addColumn('reply_token', 'text', (c) => c.unique()).execute();
  await sql`update inquiries set status_token = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`.execute(db);
  await db.schema.alterTable('inquiries').alterColumn('status_token', (c) => c.setNotNull()).execute();
  await db.schema.alterTable('inquiries').addUniqueConstraint('inquiries_status_token_key', ['status_token']).execute();
  let alter = db.schema.alterTable('inquiries').dropColumn('link_nonce');
  for (const c of HASHES) alter = alter.dropColumn(c);
  await alter.execute();
}

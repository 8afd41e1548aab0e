import type { Kysely } from 'kysely';

// Releases pushed by integrators carry an HTML body, sanitised to an allowlist
// before it is stored (src/modules/articles). `body` keeps a plain-text
// version for email and search; null here means the release is plain text.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('body_html', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('body_html').execute();
}

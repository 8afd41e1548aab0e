import type { Insertable } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { ArticlesTable } from '../../db/schema.js';

export async function listPublishedArticles(db: Database, now: Date) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'subtitle', 'dateline', 'language', 'published_at'])
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .execute();
}

/** An article row with its active press contacts (in the release's order) and its links. */
async function withContactsAndLinks<A extends { id: string }>(db: Executor, article: A) {
  const [contacts, links] = await Promise.all([
    db
      .selectFrom('article_contacts as ac')
      .innerJoin('contacts as c', 'c.id', 'ac.contact_id')
      .innerJoin('offices as o', 'o.id', 'c.office_id')
      .select(['c.id', 'c.name', 'c.title', 'c.email', 'c.phone', 'o.code as office_code', 'o.name as office_name'])
      .where('ac.article_id', '=', article.id)
      .where('c.active', '=', true)
      .orderBy('ac.position')
      .execute(),
    db.selectFrom('article_links').select(['label', 'url']).where('article_id', '=', article.id).orderBy('position').execute(),
  ]);
  return { ...article, contacts, links };
}

export async function findPublishedArticle(db: Database, slug: string, now: Date) {
  const article = await db
    .selectFrom('articles')
    .selectAll()
    .where('slug', '=', slug)
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return article ? withContactsAndLinks(db, article) : null;
}

/** Any stored article, draft or not, as the write API reports it. */
export async function findStoredArticle(db: Executor, slug: string) {
  const article = await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  return article ? withContactsAndLinks(db, article) : null;
}

/** Whether any article, draft or not, has this slug. */
export async function slugExists(db: Executor, slug: string): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** The article row locked for a write, with the emails of its contacts in order (for the audit's "what changed"). */
export async function lockArticle(trx: Executor, slug: string) {
  const article = await trx.selectFrom('articles').selectAll().where('slug', '=', slug).forUpdate().executeTakeFirst();
  if (!article) return null;
  const [contacts, links] = await Promise.all([
    trx
      .selectFrom('article_contacts as ac')
      .innerJoin('contacts as c', 'c.id', 'ac.contact_id')
      .select('c.email')
      .where('ac.article_id', '=', article.id)
      .orderBy('ac.position')
      .execute(),
    trx.selectFrom('article_links').select(['label', 'url']).where('article_id', '=', article.id).orderBy('position').execute(),
  ]);
  return { ...article, contactEmails: contacts.map((c) => c.email), links };
}

/** Contacts by email, matched without regard to case; keyed by the lower-cased address. */
export async function contactsByEmail(db: Executor, emails: string[]) {
  if (emails.length === 0) return new Map<string, { id: string; name: string; email: string; active: boolean }>();
  const lowered = [...new Set(emails.map((e) => e.toLowerCase()))];
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'active'])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', lowered))
    .execute();
  return new Map(rows.map((r) => [r.email.toLowerCase(), r]));
}

export async function insertArticle(trx: Executor, values: Insertable<ArticlesTable>): Promise<string> {
  return (await trx.insertInto('articles').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateArticle(trx: Executor, id: string, values: Partial<Insertable<ArticlesTable>>): Promise<void> {
  await trx.updateTable('articles').set(values).where('id', '=', id).execute();
}

/** Replaces the article's press contacts and links with these lists, in this order. */
export async function replaceContactsAndLinks(trx: Executor, articleId: string, contactIds: string[], links: { label: string; url: string }[]) {
  await trx.deleteFrom('article_contacts').where('article_id', '=', articleId).execute();
  await trx.deleteFrom('article_links').where('article_id', '=', articleId).execute();
  if (contactIds.length) {
    await trx
      .insertInto('article_contacts')
      .values(contactIds.map((contact_id, position) => ({ article_id: articleId, contact_id, position })))
      .execute();
  }
  if (links.length) {
    await trx
      .insertInto('article_links')
      .values(links.map((l, position) => ({ article_id: articleId, position, label: l.label, url: l.url })))
      .execute();
  }
}

/** For intake: the article's id and its listed contacts, or null when unknown or unpublished. */
export async function findArticleForInquiry(db: Database, slug: string, now: Date) {
  const article = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', slug)
    .where('published_at', '<=', now)
    .executeTakeFirst();
  if (!article) return null;
  const contacts = await db
    .selectFrom('article_contacts')
    .select('contact_id')
    .where('article_id', '=', article.id)
    .orderBy('position')
    .execute();
  return { id: article.id, contactIds: contacts.map((c) => c.contact_id) };
}

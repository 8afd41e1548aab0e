import type { Database } from '../../db/database.js';

export async function listPublishedArticles(db: Database, now: Date) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'subtitle', 'dateline', 'language', 'published_at'])
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .execute();
}

export async function findPublishedArticle(db: Database, slug: string, now: Date) {
  const article = await db
    .selectFrom('articles')
    .selectAll()
    .where('slug', '=', slug)
    .where('published_at', '<=', now)
    .executeTakeFirst();
  if (!article) return null;
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

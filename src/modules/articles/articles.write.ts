import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { ApiError, fieldError, validationError, type FieldError } from '../../lib/problem.js';
import { audit } from '../audit/index.js';
import {
  contactsByEmail,
  findStoredArticle,
  insertArticle,
  lockArticle,
  replaceContactsAndLinks,
  slugExists,
  updateArticle,
} from './articles.repository.js';
import { htmlToPlainText, sanitizeArticleHtml } from './articles.sanitize.js';
import type { ArticleCreate, ArticleReplace } from './articles.write.schemas.js';
import { articlesErrors } from './articles.errors.js';

export type ArticlesDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>;
export type StoredArticle = NonNullable<Awaited<ReturnType<typeof findStoredArticle>>>;

/** Who is writing: tokens have no staff user, so the audit entry names the token. */
export interface Actor {
  tokenId: string;
  clientHash: string;
}

/** The stored form of the editable fields, or the per-field errors that stop the write. */
async function prepare(trx: Executor, input: ArticleReplace, ownOrigin: string) {
  const errors: FieldError[] = [];

  let body: string;
  let bodyHtml: string | null = null;
  if (input.bodyHtml !== undefined) {
    bodyHtml = sanitizeArticleHtml(input.bodyHtml, { ownOrigin });
    // Emails and search read the plain text, so it is derived once, here, from the safe HTML.
    body = htmlToPlainText(bodyHtml);
    if (body === '') errors.push(fieldError('bodyHtml', 'has no text left once unsafe or unsupported markup is removed'));
  } else {
    body = input.body!.replace(/\r\n?/g, '\n'); // stored as sent (pages escape it); only line endings are made uniform
  }

  const found = await contactsByEmail(trx, input.contacts);
  const contactIds: string[] = [];
  input.contacts.forEach((email, i) => {
    const contact = found.get(email.toLowerCase());
    if (!contact) errors.push(fieldError(`contacts.${i}`, `no press contact has the address ${email}`, ['contacts', i]));
    else if (!contact.active) errors.push(fieldError(`contacts.${i}`, `${contact.name} (${contact.email}) is no longer an active press contact`, ['contacts', i]));
    else if (contactIds.includes(contact.id)) errors.push(fieldError(`contacts.${i}`, `lists ${contact.email} a second time`, ['contacts', i]));
    else contactIds.push(contact.id);
  });
  if (errors.length) throw validationError(errors);

  return {
    values: {
      title: input.title,
      subtitle: input.subtitle ?? null,
      dateline: input.dateline,
      language: input.language,
      body,
      body_html: bodyHtml,
    },
    contactIds,
    contactEmails: input.contacts.map((e) => found.get(e.toLowerCase())!.email),
    links: input.links,
  };
}

function slugTaken(slug: string): ApiError {
  return articlesErrors.slugTaken.error(
    `An article with the slug ${slug} already exists (perhaps unpublished). Choose another slug, or change that article with PUT /api/articles/${slug}.`,
  );
}

const isUniqueViolation = (err: unknown, constraint: string) =>
  (err as { code?: unknown; constraint?: unknown } | null)?.code === '23505' && (err as { constraint?: unknown }).constraint === constraint;

export async function createArticle(deps: ArticlesDeps, input: ArticleCreate, actor: Actor): Promise<StoredArticle> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await slugExists(trx, input.slug)) throw slugTaken(input.slug);
      const p = await prepare(trx, input, deps.config.PUBLIC_BASE_URL);
      const publishedAt = input.published === false ? null : input.publishedAt !== undefined ? new Date(input.publishedAt) : now;
      const id = await insertArticle(trx, { ...p.values, slug: input.slug, published_at: publishedAt, created_at: now, updated_at: now });
      await replaceContactsAndLinks(trx, id, p.contactIds, p.links);
      await audit(trx, {
        at: now,
        actorId: null,
        action: 'article.create',
        targetType: 'article',
        targetId: id,
        detail: { slug: input.slug, tokenId: actor.tokenId, publishedAt: publishedAt?.toISOString() ?? null, html: p.values.body_html !== null },
        clientHash: actor.clientHash,
      });
      return (await findStoredArticle(trx, input.slug))!;
    });
  } catch (err) {
    // Two creates with the same slug at once: the second one loses at the unique index.
    if (isUniqueViolation(err, 'articles_slug_key')) throw slugTaken(input.slug);
    throw err;
  }
}

const sameList = <T>(a: T[], b: T[], key: (x: T) => string) => a.length === b.length && a.every((x, i) => key(x) === key(b[i]!));

export async function replaceArticle(deps: ArticlesDeps, slug: string, input: ArticleReplace, actor: Actor): Promise<StoredArticle> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const old = await lockArticle(trx, slug);
    if (!old) throw articlesErrors.notFound.error();
    const p = await prepare(trx, input, deps.config.PUBLIC_BASE_URL);
    // Editing a published release keeps its date unless a new one is sent; publishedAt is never silently moved.
    const publishedAt = input.published === false ? null : input.publishedAt !== undefined ? new Date(input.publishedAt) : (old.published_at ?? now);
    await updateArticle(trx, old.id, { ...p.values, published_at: publishedAt, updated_at: now });
    await replaceContactsAndLinks(trx, old.id, p.contactIds, p.links);

    const changed = [
      ...(['title', 'subtitle', 'dateline', 'language', 'body'] as const).filter((k) => old[k] !== p.values[k]),
      ...(old.body_html !== p.values.body_html ? ['bodyHtml'] : []),
      ...(old.published_at?.getTime() !== publishedAt?.getTime() ? ['publishedAt'] : []),
      ...(sameList(old.contactEmails, p.contactEmails, (e) => e) ? [] : ['contacts']),
      ...(sameList(old.links, p.links, (l) => `${l.label}\n${l.url}`) ? [] : ['links']),
    ];
    await audit(trx, {
      at: now,
      actorId: null,
      action: 'article.update',
      targetType: 'article',
      targetId: old.id,
      detail: { slug, tokenId: actor.tokenId, changed, publishedAt: publishedAt?.toISOString() ?? null },
      clientHash: actor.clientHash,
    });
    return (await findStoredArticle(trx, slug))!;
  });
}

/** Readers stop seeing it at once; the row, its contacts and any inquiries about it stay. Repeating it changes nothing. */
export async function unpublishArticle(deps: ArticlesDeps, slug: string, actor: Actor): Promise<StoredArticle> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const old = await lockArticle(trx, slug);
    if (!old) throw articlesErrors.notFound.error();
    if (old.published_at !== null) {
      await updateArticle(trx, old.id, { published_at: null, updated_at: now });
      await audit(trx, {
        at: now,
        actorId: null,
        action: 'article.unpublish',
        targetType: 'article',
        targetId: old.id,
        detail: { slug, tokenId: actor.tokenId, wasPublishedAt: old.published_at.toISOString() },
        clientHash: actor.clientHash,
      });
    }
    return (await findStoredArticle(trx, slug))!;
  });
}

/** Readers see it now: published and not embargoed. */
export const isVisible = (a: { published_at: Date | null }, now: Date) => a.published_at !== null && a.published_at <= now;

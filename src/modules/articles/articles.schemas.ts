import { z } from '@hono/zod-openapi';

export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const ArticleSummarySchema = z
  .object({
    slug: z.string().openapi({ example: 'asia-pacific-governments-commit-to-child-rights' }),
    title: z.string(),
    subtitle: z.string().nullable(),
    dateline: z.string(),
    language: z.string(),
    publishedAt: z.string().datetime(),
    url: z.string().url(),
  })
  .openapi('ArticleSummary');

export const ArticleSchema = ArticleSummarySchema.extend({
  body: z.string().openapi({ description: 'Plain text; paragraphs separated by blank lines' }),
  bodyHtml: z
    .string()
    .nullable()
    .openapi({ description: 'Sanitised HTML when the release was sent as HTML (safe to embed as it is); null for plain-text releases' }),
  contacts: z.array(
    z.object({
      name: z.string(),
      title: z.string(),
      email: z.string(),
      phone: z.string().nullable(),
      office: z.object({ code: z.string(), name: z.string() }),
    }),
  ),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
}).openapi('Article');

/** What the write API answers: the same shape, also for drafts and embargoed releases. */
export const StoredArticleSchema = ArticleSchema.extend({
  publishedAt: z.string().datetime().nullable().openapi({ description: 'When readers may see it; null for a draft or an unpublished release' }),
  published: z.boolean().openapi({ description: 'True when readers can see it now (publishedAt is set and not in the future)' }),
}).openapi('StoredArticle');

export const SlugParam = z.object({
  slug: z
    .string()
    .max(200)
    .regex(SLUG_RE, 'must be lower-case words joined by hyphens')
    .openapi({ param: { name: 'slug', in: 'path' }, example: 'asia-pacific-governments-commit-to-child-rights' }),
});

interface ArticleRow {
  slug: string;
  title: string;
  subtitle: string | null;
  dateline: string;
  language: string;
  published_at: Date | null;
  body: string;
  body_html: string | null;
  contacts: { name: string; title: string; email: string; phone: string | null; office_code: string; office_name: string }[];
  links: { label: string; url: string }[];
}

export const articleUrl = (baseUrl: string, slug: string) => `${baseUrl}/news/${slug}`;

/** The JSON of one release (GET shape); publishedAt stays null for a draft. */
export function articleJson(a: ArticleRow, baseUrl: string) {
  return {
    slug: a.slug,
    title: a.title,
    subtitle: a.subtitle,
    dateline: a.dateline,
    language: a.language,
    publishedAt: a.published_at ? a.published_at.toISOString() : null,
    url: articleUrl(baseUrl, a.slug),
    body: a.body,
    bodyHtml: a.body_html,
    contacts: a.contacts.map((ct) => ({
      name: ct.name,
      title: ct.title,
      email: ct.email,
      phone: ct.phone,
      office: { code: ct.office_code, name: ct.office_name },
    })),
    links: a.links,
  };
}

import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { ApiError } from '../../lib/problem.js';
import { findPublishedArticle, listPublishedArticles } from './articles.repository.js';

const ArticleSummarySchema = z
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

const ArticleSchema = ArticleSummarySchema.extend({
  body: z.string().openapi({ description: 'Plain text; paragraphs separated by blank lines' }),
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

const SlugParam = z.object({
  slug: z
    .string()
    .max(200)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens')
    .openapi({ param: { name: 'slug', in: 'path' }, example: 'asia-pacific-governments-commit-to-child-rights' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/articles',
  tags: ['Articles'],
  summary: 'Published releases, newest first',
  responses: { 200: { description: 'Releases', content: { 'application/json': { schema: z.object({ articles: z.array(ArticleSummarySchema) }) } } } },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/articles/{slug}',
  tags: ['Articles'],
  summary: 'One published release with its press contacts',
  request: { params: SlugParam },
  responses: {
    200: { description: 'The release', content: { 'application/json': { schema: ArticleSchema } } },
    ...problemResponses(404, 422),
  },
});

export const articlesRouter = createRouter()
  .openapi(listRoute, async (c) => {
    const { db, clock, config } = c.var.deps;
    const rows = await listPublishedArticles(db, clock.now());
    const articles = rows.map((a) => ({
      slug: a.slug,
      title: a.title,
      subtitle: a.subtitle,
      dateline: a.dateline,
      language: a.language,
      publishedAt: a.published_at!.toISOString(),
      url: `${config.PUBLIC_BASE_URL}/news/${a.slug}`,
    }));
    return c.json({ articles }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { db, clock, config } = c.var.deps;
    const a = await findPublishedArticle(db, c.req.valid('param').slug, clock.now());
    if (!a) throw new ApiError('not_found', 'No published article has that slug.');
    return c.json(
      {
        slug: a.slug,
        title: a.title,
        subtitle: a.subtitle,
        dateline: a.dateline,
        language: a.language,
        publishedAt: a.published_at!.toISOString(),
        url: `${config.PUBLIC_BASE_URL}/news/${a.slug}`,
        body: a.body,
        contacts: a.contacts.map((ct) => ({
          name: ct.name,
          title: ct.title,
          email: ct.email,
          phone: ct.phone,
          office: { code: ct.office_code, name: ct.office_name },
        })),
        links: a.links,
      },
      200,
    );
  });

import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { findPublishedArticle, listPublishedArticles } from './articles.repository.js';
import { ArticleSchema, ArticleSummarySchema, articleJson, articleUrl, SlugParam } from './articles.schemas.js';
import { articlesErrors } from './articles.errors.js';

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
    ...problemResponses(articlesErrors.notPublished, 422),
  },
});

export const articlesRouter = createRouter<AppEnv>()
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
      url: articleUrl(config.PUBLIC_BASE_URL, a.slug),
    }));
    return c.json({ articles }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { db, clock, config } = c.var.deps;
    const a = await findPublishedArticle(db, c.req.valid('param').slug, clock.now());
    if (!a) throw articlesErrors.notPublished.error();
    const json = articleJson(a, config.PUBLIC_BASE_URL);
    return c.json({ ...json, publishedAt: json.publishedAt! }, 200);
  });

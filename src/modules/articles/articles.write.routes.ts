import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { authErrors, requireRole } from '../auth/index.js';
import { articlesErrors } from './articles.errors.js';
import { articleJson, SlugParam, StoredArticleSchema } from './articles.schemas.js';
import { createArticle, isVisible, replaceArticle, type Actor, type StoredArticle, unpublishArticle } from './articles.write.js';
import { ArticleCreateSchema, ArticleReplaceSchema } from './articles.write.schemas.js';

// The bearerAuth scheme is declared once, by the admin router; both roles use it.
const security: Record<string, string[]>[] = [{ bearerAuth: [] }];
// A missing or bad token; a token with neither the admin nor the integrator role.
const authResponses = problemResponses(authErrors.tokenRequired, authErrors.tokenRoleRefused);
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
// Checked before the body is read, so a caller without a token learns nothing about the fields.
const auth = requireRole('admin', 'integrator');
const base = { tags: ['Articles'], security, middleware: auth };

const create = createRoute({
  ...base,
  method: 'post',
  path: '/api/articles',
  summary: 'Publish a release (or store a draft)',
  description:
    'For integrators (an `integrator` or `admin` token). The slug is permanent and unique, also among unpublished articles. ' +
    'Send the body as plain text (`body`) or as HTML (`bodyHtml`, sanitised to a safe allowlist). ' +
    'Contacts are the press contacts\' email addresses; each must be an active contact. Recorded in the audit log.',
  request: { body: { required: true, content: json(ArticleCreateSchema) } },
  responses: {
    201: { description: 'Stored', content: json(StoredArticleSchema) },
    ...authResponses,
    ...problemResponses(400, 413, 415, 422, articlesErrors.slugTaken),
  },
});

const replace = createRoute({
  ...base,
  method: 'put',
  path: '/api/articles/{slug}',
  summary: 'Replace a release\'s editable fields; also republishes one',
  description:
    'Every editable field is replaced (absent optional fields become empty). Without `publishedAt` a published release keeps its ' +
    'publication time and an unpublished one is published now; `published: false` makes it a draft. The slug cannot be changed.',
  request: { params: SlugParam, body: { required: true, content: json(ArticleReplaceSchema) } },
  responses: {
    200: { description: 'Stored', content: json(StoredArticleSchema) },
    ...authResponses,
    ...problemResponses(400, articlesErrors.notFound, 413, 415, 422),
  },
});

const unpublish = createRoute({
  ...base,
  method: 'delete',
  path: '/api/articles/{slug}',
  summary: 'Unpublish a release (it is kept)',
  description:
    'Readers no longer see it (GET answers 404, the list and the pages leave it out). The article, its contacts and inquiries about it ' +
    'are kept; PUT republishes it. Repeating the call changes nothing.',
  request: { params: SlugParam },
  responses: {
    200: { description: 'Unpublished; the stored article', content: json(StoredArticleSchema) },
    ...authResponses,
    ...problemResponses(articlesErrors.notFound, 422),
  },
});

function actor(c: Context<AppEnv>): Actor {
  return { tokenId: c.var.apiTokenId, clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) };
}

function stored(c: Context<AppEnv>, a: StoredArticle) {
  return { ...articleJson(a, c.var.deps.config.PUBLIC_BASE_URL), published: isVisible(a, c.var.deps.clock.now()) };
}

/** Integrators' and admins' API for releases: create, replace, unpublish. */
export const articlesWriteRouter = createRouter<AppEnv>()
  .openapi(create, async (c) => c.json(stored(c, await createArticle(c.var.deps, c.req.valid('json'), actor(c))), 201))
  .openapi(replace, async (c) =>
    c.json(stored(c, await replaceArticle(c.var.deps, c.req.valid('param').slug, c.req.valid('json'), actor(c))), 200),
  )
  .openapi(unpublish, async (c) => c.json(stored(c, await unpublishArticle(c.var.deps, c.req.valid('param').slug, actor(c))), 200));

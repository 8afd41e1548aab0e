import { defineErrors } from '../../lib/problem.js';

/** Releases: reading a published one, writing one by slug. */
export const articlesErrors = defineErrors({
  notPublished: { id: 'articles.not_published', code: 'not_found', description: 'No published article has that slug.', detail: 'No published article has that slug.' },
  notFound: { id: 'articles.not_found', code: 'not_found', description: 'No article, published or not, has that slug.', detail: 'No article has that slug.' },
  slugTaken: { id: 'articles.slug_taken', code: 'conflict', description: 'Another article (perhaps unpublished) already has that slug.' },
});

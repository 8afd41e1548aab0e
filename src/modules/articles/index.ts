// What other features use of articles; everything else in the folder is its own business.
export { findArticleForInquiry } from './articles.repository.js';
export { sanitizeArticleHtml } from './articles.sanitize.js';

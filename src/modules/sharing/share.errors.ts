import { defineErrors } from '../../lib/problem.js';

/** "Email this article" through the API: the article, the caller (token or proof of work), the limits. */
export const shareErrors = defineErrors({
  articleNotFound: { id: 'share.article_not_found', code: 'not_found', description: 'No published article has this slug.', detail: 'No published article has this slug.' },
  limited: { id: 'share.limited', code: 'rate_limited', description: 'Too many shares from this address or to these recipients; Retry-After says when.' },
  challengeRefused: { id: 'share.challenge_refused', code: 'forbidden', description: 'The altcha solution is invalid, expired or already used; fetch a new challenge.' },
  tokenInvalid: {
    id: 'share.token_invalid',
    code: 'unauthorized',
    description: 'A bearer token was sent but is not valid; send a valid one, or none and solve the altcha challenge.',
    detail: 'Send a valid API token as "Authorization: Bearer <token>", or none and solve the altcha challenge.',
  },
  challengeMissing: { id: 'share.challenge_missing', code: 'validation_failed', description: 'No token and no altcha solution: `errors` names the `altcha` field.' },
});

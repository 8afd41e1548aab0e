import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { ApiError, fieldError, validationError } from '../../lib/problem.js';
import { findTokenRole } from '../auth/index.js';
import { shareMessages } from '../../web/messages/share.js';
import { newChallenge } from './share.altcha.js';
import { ShareAcceptedSchema, ShareInputSchema, toFieldErrors } from './share.schemas.js';
import { shareArticle, type ShareFailure } from './share.usecases.js';
import { shareErrors } from './share.errors.js';

const ChallengeSchema = z
  .object({
    parameters: z.object({
      algorithm: z.string(),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number().int(),
      keyLength: z.number().int(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      expiresAt: z.number().int().optional(),
    }),
    signature: z.string().optional(),
  })
  .openapi('AltchaChallenge');

const challengeRoute = createRoute({
  method: 'get',
  path: '/api/altcha/challenge',
  tags: ['Sharing'],
  summary: 'A proof-of-work challenge for the "Email this article" form (ALTCHA)',
  description:
    'A signed ALTCHA v2 challenge (PBKDF2/SHA-256) that expires after ALTCHA_EXPIRE_MINUTES. The altcha widget fetches it, solves it ' +
    'in the browser and puts its payload in the form field `altcha`. Each solution is accepted once.',
  responses: {
    200: { description: 'A new challenge', content: { 'application/json': { schema: ChallengeSchema } } },
    ...problemResponses(503),
  },
});

const shareRoute = createRoute({
  method: 'post',
  path: '/api/articles/{slug}/share',
  tags: ['Sharing'],
  summary: 'Email a published release to up to five people',
  description:
    'Each recipient gets a separate message in the fixed template, From the service, Reply-To the sender. Needs a solved ALTCHA ' +
    'challenge in `altcha` unless the caller sends an integrator or admin token (`Authorization: Bearer …`). Limits per day per ' +
    'client address, per sender and per recipient (429 with Retry-After). Recipients who unsubscribed are skipped without notice. ' +
    'The same body sent again with the same solution (a retry) is answered 202 again and sends nothing; the solution with another body is 403.',
  request: {
    params: z.object({ slug: z.string().max(200).openapi({ example: 'asia-pacific-governments-commit-to-child-rights' }) }),
    body: { required: true, content: { 'application/json': { schema: ShareInputSchema } } },
  },
  responses: {
    202: { description: 'Accepted: the messages are queued', content: { 'application/json': { schema: ShareAcceptedSchema } } },
    ...problemResponses(
      400,
      shareErrors.tokenInvalid,
      shareErrors.challengeRefused,
      shareErrors.articleNotFound,
      413,
      415,
      422,
      shareErrors.challengeMissing,
      shareErrors.limited,
      503,
    ),
  },
});

const ALTCHA_DETAIL = {
  missing: 'altcha is required: solve a challenge from GET /api/altcha/challenge first.',
  invalid: 'The altcha solution is not valid.',
  expired: 'The altcha challenge has expired; fetch a new one.',
  used: 'This altcha solution has already been used; fetch a new challenge.',
} as const;

/** A share's failure as the API says it (English problem+json). */
export function failureToApiError(failure: ShareFailure): ApiError {
  switch (failure.kind) {
    case 'not_found':
      return shareErrors.articleNotFound.error();
    case 'rate_limited':
      return shareErrors.limited.error(`Too many shares. Retry in ${failure.retryAfterSeconds} seconds.`, {
        headers: { 'Retry-After': String(failure.retryAfterSeconds) },
      });
    case 'altcha':
      return failure.reason === 'missing'
        ? validationError([fieldError('altcha', shareMessages.en.errors['altcha.missing'])], shareErrors.challengeMissing)
        : shareErrors.challengeRefused.error(ALTCHA_DETAIL[failure.reason]);
  }
}

/**
 * Integrators and admins skip the proof of work. A bearer token that is sent
 * must be valid (401 otherwise), like everywhere else in the API.
 */
async function isTrustedCaller(c: Context<AppEnv>): Promise<boolean> {
  const header = c.req.header('authorization');
  if (header === undefined) return false;
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,200})$/.exec(header);
  const found = match ? await findTokenRole(c.var.deps.db, match[1]!) : null;
  if (!found) {
    throw shareErrors.tokenInvalid.error(undefined, { headers: { 'WWW-Authenticate': 'Bearer realm="pressdesk"' } });
  }
  return found.role === 'integrator' || found.role === 'admin';
}

export const shareApi = createRouter<AppEnv>()
  .openapi(challengeRoute, async (c) => {
    const challenge = await newChallenge(c.var.deps.db, c.var.deps.config);
    c.header('Cache-Control', 'no-store');
    return c.json(challenge as z.infer<typeof ChallengeSchema>, 200);
  })
  .openapi(
    shareRoute,
    async (c) => {
      const { slug } = c.req.valid('param');
      const input = c.req.valid('json');
      const trusted = await isTrustedCaller(c);
      const outcome = await shareArticle(c.var.deps, slug, input, {
        clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY),
        trusted,
        via: 'api',
      });
      if (!outcome.ok) throw failureToApiError(outcome.failure);
      c.header('Cache-Control', 'no-store');
      return c.json({ accepted: outcome.accepted }, 202);
    },
    // Our own hook: the schema's messages are codes, said here in English.
    (result) => {
      if (!result.success) throw validationError(toFieldErrors(result.error as z.ZodError, 'en'));
      return undefined;
    },
  );

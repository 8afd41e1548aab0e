import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { findIdempotencyRecord, type IdempotencyRecord } from './inquiries.repository.js';
import { InquiryCreatedSchema, InquiryInputSchema } from './inquiries.schemas.js';
import { createInquiry } from './inquiries.usecases.js';
import { hitIntakeClient, retryMinutes } from './intake.limits.js';
import { inquiriesErrors } from './inquiries.errors.js';

const createInquiryRoute = createRoute({
  method: 'post',
  path: '/api/inquiries',
  tags: ['Inquiries'],
  summary: 'Send the press office a question',
  description:
    'Routes the inquiry to the right press office, stores it and queues the acknowledgement and the officers\' alert. ' +
    'Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer, ' +
    'the same key with a different body is 409. Inquiries from one client address are limited ' +
    '(the form and this API together); over the limit the answer is 429 with Retry-After and nothing is stored.',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .min(8, 'must be at least 8 characters')
        .max(200, 'must be at most 200 characters')
        .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
        .optional()
        .openapi({ example: '5b7a0c1e-3f1d-4a53-9a57-0d2f2c1c8f3e' }),
    }),
    body: { required: true, content: { 'application/json': { schema: InquiryInputSchema } } },
  },
  responses: {
    201: { description: 'Accepted and routed', content: { 'application/json': { schema: InquiryCreatedSchema } } },
    ...problemResponses(400, inquiriesErrors.idempotencyKeyReused, 413, 415, 422, inquiriesErrors.intakeRejected, inquiriesErrors.intakeLimited, 503),
  },
});

/**
 * Counts the attempt against the client's intake limit before
 * validation, so a flood of bad bodies is limited too. A retry with an
 * Idempotency-Key that already has its answer is not counted again.
 */
const intakeLimit: MiddlewareHandler<IntakeEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const key = c.req.header('idempotency-key');
  if (key && key.length <= 200) {
    // Looked up once: the handler replays what is found here, or knows there was nothing.
    const earlier = (await findIdempotencyRecord(c.var.deps.db, key)) ?? null;
    c.set('earlier', { key, record: earlier });
    if (earlier) return next();
  }
  const verdict = hitIntakeClient(c.var.deps, clientHash(c, c.var.deps.config.TRUST_PROXY));
  if (!verdict.ok) {
    throw inquiriesErrors.intakeLimited.error(`Too many inquiries from your address. Try again in about ${retryMinutes(verdict.retryAfterSeconds)} minute(s).`, {
      headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
    });
  }
  await next();
};

/** What the intake limit found under the request's Idempotency-Key. */
type IntakeEnv = AppEnv & { Variables: { earlier?: { key: string; record: IdempotencyRecord | null } } };

export const inquiriesRouter = createRouter<IntakeEnv>();
inquiriesRouter.use('/api/inquiries', intakeLimit);
inquiriesRouter.openapi(createInquiryRoute, async (c) => {
  const input = c.req.valid('json');
  const key = c.req.valid('header')['idempotency-key'];
  const earlier = c.var.earlier;
  const result = await createInquiry(c.var.deps, input, {
    idempotencyKey: key,
    source: 'api',
    ...(earlier && earlier.key === key ? { earlier: earlier.record } : {}),
  });
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  c.header('Location', result.body.statusUrl);
  return c.json(result.body, 201);
});

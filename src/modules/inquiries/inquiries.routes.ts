import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { InquiryCreatedSchema, InquiryInputSchema } from './inquiries.schemas.js';
import { createInquiry } from './inquiries.usecases.js';

const createInquiryRoute = createRoute({
  method: 'post',
  path: '/api/inquiries',
  tags: ['Inquiries'],
  summary: 'Send the press office a question',
  description:
    'Routes the inquiry to the right press office, stores it and queues the acknowledgement and the officers\' alert. ' +
    'Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer, ' +
    'the same key with a different body is 409.',
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
    ...problemResponses(400, 409, 413, 415, 422, 503),
  },
});

export const inquiriesRouter = createRouter().openapi(createInquiryRoute, async (c) => {
  const input = c.req.valid('json');
  const key = c.req.valid('header')['idempotency-key'];
  const result = await createInquiry(c.var.deps, input, { idempotencyKey: key, source: 'api' });
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  c.header('Location', result.body.statusUrl);
  return c.json(result.body, 201);
});

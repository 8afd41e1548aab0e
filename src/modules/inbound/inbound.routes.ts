import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { createRouter, ProblemSchema, problemResponses } from '../../lib/openapi.js';
import { ApiError } from '../../lib/problem.js';
import { sha256 } from '../../lib/tokens.js';
import { receiveMessage } from './inbound.usecases.js';

const AcceptedSchema = z
  .object({
    id: z.uuid().openapi({ description: 'The stored message' }),
    disposition: z.enum(['threaded', 'quarantined', 'ignored', 'bounce', 'released', 'dropped', 'new_inquiry']),
    duplicate: z.boolean().openapi({ description: 'True when this Message-ID was stored before: nothing was done again' }),
  })
  .openapi('InboundAccepted');

const mimeRoute = createRoute({
  method: 'post',
  path: '/api/inbound/mime',
  tags: ['Email in'],
  summary: 'A received email from a mail provider (raw RFC 5322 message)',
  description:
    'For providers that forward received mail by webhook (Mailgun "store and notify" raw MIME, Postmark, SES via a relay …). ' +
    'The body is the raw message (`Content-Type: message/rfc822`), at most INBOUND_MAX_BYTES. Authenticated with ' +
    '`Authorization: Bearer <INBOUND_TOKEN>`; without INBOUND_TOKEN configured the route does not exist (404). ' +
    'Answered only after the message is committed: 202 when it is new, 200 when its Message-ID was stored before. ' +
    'A 503 means try again later. The envelope recipient, when the provider gives it, goes in `recipient`; ' +
    'otherwise the To, Cc, Delivered-To and X-Original-To headers are used.',
  security: [{ inboundToken: [] }],
  request: {
    query: z.object({
      recipient: z.email().max(320).optional().openapi({ description: 'The envelope recipient (RCPT TO), e.g. reply+…@REPLY_DOMAIN' }),
    }),
    body: {
      required: true,
      content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary', description: 'The raw message' }) } },
    },
  },
  responses: {
    202: { description: 'Stored and processed', content: { 'application/json': { schema: AcceptedSchema } } },
    200: { description: 'Stored before (same Message-ID): nothing done again', content: { 'application/json': { schema: AcceptedSchema } } },
    401: { description: 'Missing or wrong bearer token', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...problemResponses(400, 404, 413, 415, 422, 503),
  },
});

function bearerMatches(c: Context<AppEnv>, expected: string): boolean {
  const header = c.req.header('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  // Compared as hashes: equal length, constant time.
  return timingSafeEqual(Buffer.from(sha256(given)), Buffer.from(sha256(expected)));
}

export const inboundRouter = createRouter();
inboundRouter.openAPIRegistry.registerComponent('securitySchemes', 'inboundToken', {
  type: 'http',
  scheme: 'bearer',
  description: 'INBOUND_TOKEN, shared with the mail provider that forwards received mail.',
});
inboundRouter.openapi(
  mimeRoute,
  async (c) => {
    const deps = c.var.deps;
    const token = deps.config.INBOUND_TOKEN;
    if (!token) throw new ApiError('not_found', 'No route here.');
    if (!bearerMatches(c, token)) throw new ApiError('unauthorized', 'The inbound token is missing or wrong.', undefined, { 'WWW-Authenticate': 'Bearer' });
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'message/rfc822' && type !== 'application/octet-stream' && type !== 'text/plain') {
      throw new ApiError('unsupported_media_type', 'Send the raw message with Content-Type: message/rfc822.');
    }
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (raw.length > deps.config.INBOUND_MAX_BYTES) throw new ApiError('payload_too_large', `The message is larger than the limit of ${deps.config.INBOUND_MAX_BYTES} bytes.`);
    if (raw.length === 0) throw new ApiError('bad_request', 'The body is empty; send the raw message.');
    const { recipient } = c.req.valid('query');
    const r = await receiveMessage({ ...deps, resolver: deps.dnsResolver }, raw, { from: null, to: recipient ? [recipient] : [], via: 'api' });
    deps.logger.info({ requestId: c.var.requestId, inbound: r.inboundMessageId, disposition: r.disposition, duplicate: r.duplicate }, 'inbound message');
    return c.json({ id: r.inboundMessageId, disposition: r.disposition, duplicate: r.duplicate }, r.duplicate ? 200 : 202);
  },
);

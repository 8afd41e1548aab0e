import { createRoute, z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../lib/languages.js';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { authErrors, requireStaff, signedInStaff } from '../auth/index.js';
import { deskErrors } from './desk.errors.js';
import { minutesLeft } from './queue.format.js';
import { encodeCursor, OPEN_STATUSES, QueueQuerySchema, STATUSES, toQueueParams } from './queue.params.js';
import { queueOf } from './queue.usecases.js';

const QueueItemSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'PD-2026-00042' }),
    url: z.string().openapi({ example: '/desk/inquiries/0b6b3c52-7f7e-4f0e-9d0a-2f4a7c3e9b11' }),
    subject: z.string(),
    outlet: z.string(),
    country: z.string().openapi({ example: 'MY' }),
    language: z.enum(LANGUAGES),
    topic: z.string().nullable(),
    office: z.object({ code: z.string(), name: z.string(), timeZone: z.string() }),
    assignee: z.object({ name: z.string() }).nullable(),
    status: z.enum(STATUSES),
    priority: z.enum(['urgent', 'normal']),
    dueAt: z.string().openapi({ example: '2026-11-30T10:00:00.000Z' }),
    minutesLeft: z.number().int().openapi({ description: 'Whole minutes until due, negative when overdue' }),
    reporterBouncing: z.boolean().openapi({ description: "Mail to the reporter's address bounced; replies will not reach them by email" }),
  })
  .openapi('QueueItem');

const QueuePageSchema = z
  .object({
    items: z.array(QueueItemSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last page' }),
    counts: z
      .object(Object.fromEntries(OPEN_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof OPEN_STATUSES)[number], z.ZodNumber>)
      .openapi({ description: 'Inquiries per open status in this view with these filters (the status filter aside)' }),
  })
  .openapi('QueuePage');

const listRoute = createRoute({
  method: 'get',
  path: '/api/staff/inquiries',
  tags: ['Desk'],
  summary: 'The queue: urgent first, then due time; filters, search, keyset pages of 50',
  description:
    'What the signed-in staff member may see: the inquiries of their offices and those assigned to them (admins: all). ' +
    'Needs the desk session cookie (sign in at /desk/sign-in).',
  security: [{ staffSession: [] }],
  // Who is asking comes first: signed out is 401 whatever the query says.
  middleware: [requireStaff] as const,
  request: { query: QueueQuerySchema },
  responses: {
    200: { description: 'One page of the queue', content: { 'application/json': { schema: QueuePageSchema } } },
    ...problemResponses(deskErrors.unknownSort, authErrors.signInRequired, 422, 503),
  },
});

export const queueApi = createRouter<AppEnv>();
queueApi.openAPIRegistry.registerComponent('securitySchemes', 'staffSession', {
  type: 'apiKey',
  in: 'cookie',
  name: 'pd_session',
  description: 'The desk session cookie (`__Host-pd_session` when served over https).',
});
queueApi.openapi(listRoute, async (c) => {
  const staff = signedInStaff(c);
  const { db, clock } = c.var.deps;
  const result = await queueOf(db, staff, toQueueParams(c.req.valid('query')));
  const now = clock.now();
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      items: result.rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        url: `/desk/inquiries/${r.id}`,
        subject: r.subject,
        outlet: r.outlet,
        country: r.country,
        language: r.language,
        topic: r.topic,
        office: r.office,
        assignee: r.assignee,
        status: r.status,
        priority: r.priority,
        dueAt: r.dueAt.toISOString(),
        minutesLeft: minutesLeft(r.dueAt, now),
        reporterBouncing: r.reporterBouncing,
      })),
      nextCursor: result.next ? encodeCursor(result.next) : null,
      counts: result.counts,
    },
    200,
  );
});

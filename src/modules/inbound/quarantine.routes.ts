import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter, ProblemSchema, problemResponses } from '../../lib/openapi.js';
import { ApiError } from '../../lib/problem.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { dropQuarantined, listQuarantine, releaseQuarantined, type QuarantineOutcome } from './quarantine.usecases.js';

const QuarantinedSchema = z
  .object({
    id: z.uuid(),
    receivedAt: z.string().openapi({ example: '2026-11-30T02:00:00.000Z' }),
    from: z.string().openapi({ description: 'The From address' }),
    fromName: z.string().nullable(),
    recipient: z.string(),
    subject: z.string(),
    reason: z.string().nullable().openapi({ description: 'Why it was held, in words' }),
    side: z.enum(['reporter', 'staff']).nullable().openapi({ description: "Which of the inquiry's addresses it came to" }),
    inquiry: z.object({ id: z.uuid(), reference: z.string(), url: z.string() }).nullable(),
    visibleText: z.string(),
    rawUrl: z.string().openapi({ description: 'The original message (desk session)' }),
  })
  .openapi('QuarantinedMessage');

const listRoute = createRoute({
  method: 'get',
  path: '/api/staff/quarantine',
  tags: ['Desk'],
  summary: 'Received email held back: a stranger, a forged sender or mail that matched no inquiry',
  description: "Those of the inquiries the signed-in staff member may see (admins: all, also mail that matched no inquiry), newest first.",
  security: [{ staffSession: [] }],
  middleware: [requireStaff] as const,
  responses: {
    200: { description: 'Held messages', content: { 'application/json': { schema: z.object({ items: z.array(QuarantinedSchema) }) } } },
    401: { description: 'Not signed in', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...problemResponses(503),
  },
});

const ResultSchema = z
  .object({
    id: z.uuid(),
    disposition: z.enum(['released', 'dropped', 'new_inquiry']),
    inquiryId: z.uuid().nullable(),
  })
  .openapi('QuarantineResult');

const actionRoute = (action: 'release' | 'drop') =>
  createRoute({
    method: 'post',
    path: `/api/staff/inbound/{id}/${action}`,
    tags: ['Desk'],
    summary:
      action === 'release'
        ? "Release a held message into its inquiry's thread (a reporter-side message as the reporter's reply; an officers'-side one as your internal note)"
        : 'Drop a held message (kept for audit, never delivered)',
    description: 'Needs the desk session and its CSRF token (X-CSRF-Token). Another office\'s message is 404, exactly like a missing one.',
    security: [{ staffSession: [] }],
    middleware: [requireStaff] as const,
    request: { params: z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' }, example: '0b6b3c52-7f7e-4f0e-9d0a-2f4a7c3e9b11' }) }) },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: ResultSchema } } },
      401: { description: 'Not signed in', content: { 'application/problem+json': { schema: ProblemSchema } } },
      403: { description: 'Missing or wrong CSRF token', content: { 'application/problem+json': { schema: ProblemSchema } } },
      ...problemResponses(404, 409, 503),
    },
  });

function answer(c: Context<AppEnv>, id: string, outcome: QuarantineOutcome) {
  if (outcome.ok) return c.json({ id, disposition: outcome.disposition, inquiryId: outcome.inquiryId }, 200);
  if (outcome.reason === 'not_found') throw new ApiError('not_found', 'No such held message.');
  if (outcome.reason === 'no_inquiry') throw new ApiError('conflict', 'This message matched no inquiry, so there is no thread to release it into; drop it.');
  throw new ApiError('conflict', 'This message is no longer held (someone released or dropped it).');
}

export const quarantineRouter = createRouter();
quarantineRouter.openapi(listRoute, async (c) => {
  const staff = signedInStaff(c);
  const items = await listQuarantine(c.var.deps, staff);
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      items: items.map((m) => ({
        id: m.id,
        receivedAt: m.receivedAt.toISOString(),
        from: m.from,
        fromName: m.fromName,
        recipient: m.recipient,
        subject: m.subject,
        reason: m.reason,
        side: m.side,
        inquiry: m.inquiry ? { ...m.inquiry, url: `/desk/inquiries/${m.inquiry.id}` } : null,
        visibleText: m.visibleText,
        rawUrl: `/desk/quarantine/${m.id}/original`,
      })),
    },
    200,
  );
});
for (const action of ['release', 'drop'] as const) {
  quarantineRouter.openapi(actionRoute(action), async (c) => {
    const { id } = c.req.valid('param');
    const actor = { staff: signedInStaff(c), clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) };
    const deps = { ...c.var.deps, resolver: c.var.deps.dnsResolver };
    const outcome = action === 'release' ? await releaseQuarantined(deps, actor, id) : await dropQuarantined(deps, actor, id);
    return answer(c, id, outcome);
  });
}

import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter } from '../../lib/openapi.js';
import { attachmentLimits } from '../attachments/index.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import type { Actor } from './actions.usecases.js';
import { actionProblems, IdParam, InquiryDetailSchema, staffSecurity } from './actions.schemas.js';
import { InquiryPage, type FormState } from './inquiry.page.js';
import { isUuid, type DeskInquiry } from './inquiry.repository.js';
import { inquiryDetailOf, inquiryPageOf, markDrafting, visibleInquiryOr404 } from './inquiry.usecases.js';

export function actorOf(c: Context<AppEnv>): Actor {
  return { staff: signedInStaff(c), requestId: c.var.requestId, clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) };
}

/** The inquiry if visible; otherwise the denial is recorded (when it exists) and the answer is the same 404 as for a missing id. */
export function visibleOr404(c: Context<AppEnv>, id: string, action: string): Promise<DeskInquiry> {
  return visibleInquiryOr404(c.var.deps, actorOf(c), id, action);
}

export interface RenderOptions {
  compose?: boolean;
  cannedId?: string;
  form?: FormState | null;
  status?: 200 | 409 | 422;
}

/** The inquiry page; also re-rendered by a POST that did not go through (collision, invalid input), with its form filled. */
export async function renderInquiryPage(c: Context<AppEnv>, id: string, opts: RenderOptions = {}) {
  const staff = signedInStaff(c);
  const inquiry = await visibleOr404(c, id, 'view');
  const compose = !!opts.compose || opts.form?.action === 'reply';
  // GETs never change state: presence is recorded only by POSTs —
  // "Write a reply" is a form button, and a re-rendered reply form is a POST.
  const { now, thread, presence, members, offices, canned, reporterAddresses } = await inquiryPageOf(c.var.deps, staff, inquiry, { recordPresence: c.req.method === 'POST', compose });
  const picked = opts.cannedId && isUuid(opts.cannedId) ? canned.find((a) => a.id === opts.cannedId) : undefined;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <InquiryPage
      staff={staff}
      inquiry={inquiry}
      thread={thread}
      presence={presence}
      reporterAddresses={reporterAddresses}
      members={members}
      offices={offices}
      canned={canned}
      compose={compose}
      cannedBody={picked?.body ?? null}
      form={opts.form ?? null}
      now={now}
      limits={attachmentLimits(c.var.deps.config)}
    />,
    opts.status ?? 200,
  );
}

const detailRoute = createRoute({
  tags: ['Desk'],
  security: staffSecurity,
  method: 'get',
  path: '/api/staff/inquiries/{id}',
  summary: 'One inquiry as an officer sees it: reporter, routing, due time, the whole thread, who else is on it',
  description: "Another office's inquiry is 404, exactly like a missing one. Emails are given as subject and text, never HTML, with the reporter's private links (status page, reply addresses) masked.",
  request: { params: IdParam },
  responses: { 200: { description: 'The inquiry', content: { 'application/json': { schema: InquiryDetailSchema } } }, ...actionProblems },
});

const draftingRoute = createRoute({
  tags: ['Desk'],
  security: staffSecurity,
  method: 'post',
  path: '/api/staff/inquiries/{id}/drafting',
  summary: 'Say you are writing a reply, so colleagues opening the inquiry are warned (send {})',
  request: { params: IdParam },
  responses: { 204: { description: 'Recorded for a few minutes' }, ...actionProblems },
});

export const inquiryRouter = createRouter<AppEnv>();
inquiryRouter.openAPIRegistry.registerComponent('securitySchemes', 'staffSession', {
  type: 'apiKey',
  in: 'cookie',
  name: 'pd_session',
  description: 'The desk session cookie (`__Host-pd_session` over TLS); state changes also need the X-CSRF-Token header.',
});
for (const path of ['/desk/inquiries/*', '/api/staff/inquiries/*']) inquiryRouter.use(path, requireStaff);

inquiryRouter.get('/desk/inquiries/:id', (c) =>
  renderInquiryPage(c, c.req.param('id'), { compose: c.req.query('compose') === '1' || !!c.req.query('canned'), cannedId: c.req.query('canned') }),
);

// "Write a reply": marks the officer as drafting, then opens the reply form.
inquiryRouter.post('/desk/inquiries/:id/drafting', async (c) => {
  const inquiry = await visibleOr404(c, c.req.param('id'), 'drafting');
  await markDrafting(c.var.deps, signedInStaff(c), inquiry);
  return c.redirect(`/desk/inquiries/${inquiry.id}?compose=1#reply`, 303);
});

inquiryRouter.openapi(detailRoute, async (c) => {
  const q = await visibleOr404(c, c.req.valid('param').id, 'view');
  const { now, thread, presence, reporterAddresses } = await inquiryDetailOf(c.var.deps, signedInStaff(c), q);
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      id: q.id,
      reference: q.reference,
      version: q.version,
      status: q.status,
      priority: q.priority,
      involvesChildren: q.involves_children,
      subject: q.subject,
      message: q.message,
      reporter: { name: q.name, email: q.email, phone: q.phone, outlet: q.outlet, outletType: q.outlet_type, country: q.country, language: q.language },
      office: { code: q.office_code, name: q.office_name },
      assignee: q.contact_id ? { id: q.contact_id, name: q.contact_name ?? '' } : null,
      routing: q.routing,
      dueAt: q.due_at.toISOString(),
      deadline: q.deadline?.toISOString() ?? null,
      minutesLeft: Math.floor((q.due_at.getTime() - now.getTime()) / 60_000),
      firstResponseAt: q.first_response_at?.toISOString() ?? null,
      thread: thread.map((i) =>
        i.type === 'event'
          ? { type: i.type, kind: i.kind, at: i.at.toISOString(), actor: i.actor, data: i.data, ...(i.fullText === undefined ? {} : { fullText: i.fullText }) }
          : { type: i.type, kind: i.kind, at: i.at.toISOString(), actor: i.fromName, direction: i.direction, to: i.to, subject: i.subject, text: i.text, status: i.status },
      ),
      reporterBouncing: q.reporter_bouncing_at ? { at: q.reporter_bouncing_at.toISOString(), reason: q.reporter_bounce_reason } : null,
      reporterAddresses: reporterAddresses.map((a) => ({ address: a.address, addedBy: a.added_by_name, addedAt: a.created_at.toISOString() })),
      presence: presence.map((p) => ({ name: p.name, kind: p.kind, at: p.at.toISOString() })),
    },
    200,
  );
});

inquiryRouter.openapi(draftingRoute, async (c) => {
  const q = await visibleOr404(c, c.req.valid('param').id, 'drafting');
  await markDrafting(c.var.deps, signedInStaff(c), q);
  return c.body(null, 204);
});

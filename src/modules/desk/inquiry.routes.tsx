import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { createRouter } from '../../lib/openapi.js';
import { ApiError } from '../../lib/problem.js';
import { isLeadOf } from '../auth/staff.js';
import { requireStaff, signedInStaff } from '../auth/staff.middleware.js';
import { recordDenial, type Actor } from './actions.usecases.js';
import { actionProblems, IdParam, InquiryDetailSchema, staffSecurity } from './actions.schemas.js';
import { InquiryPage, type FormState } from './inquiry.page.js';
import {
  activeOffices,
  colleaguesPresent,
  findVisibleInquiry,
  isUuid,
  loadThread,
  officeMembers,
  touchPresence,
  type DeskInquiry,
} from './inquiry.repository.js';

export function actorOf(c: Context<AppEnv>): Actor {
  return { staff: signedInStaff(c), requestId: c.var.requestId, clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) };
}

export const NOT_FOUND = 'No such inquiry.';

/** The inquiry if visible; otherwise the denial is recorded (when it exists) and the answer is the same 404 as for a missing id. */
export async function visibleOr404(c: Context<AppEnv>, id: string, action: string): Promise<DeskInquiry> {
  const inquiry = await findVisibleInquiry(c.var.deps.db, signedInStaff(c), id);
  if (inquiry) return inquiry;
  await recordDenial(c.var.deps, actorOf(c), id, action);
  throw new ApiError('not_found', NOT_FOUND);
}

export interface RenderOptions {
  compose?: boolean;
  cannedId?: string;
  form?: FormState | null;
  status?: 200 | 409 | 422;
}

/** The inquiry page; also re-rendered by a POST that did not go through (collision, invalid input), with its form filled. */
export async function renderInquiryPage(c: Context<AppEnv>, id: string, opts: RenderOptions = {}) {
  const { db, clock } = c.var.deps;
  const staff = signedInStaff(c);
  const inquiry = await visibleOr404(c, id, 'view');
  const now = clock.now();
  const compose = !!opts.compose || opts.form?.action === 'reply';
  // GETs never change state (QUALITY 12): presence is recorded only by POSTs —
  // "Write a reply" is a form button, and a re-rendered reply form is a POST.
  if (c.req.method === 'POST') {
    await touchPresence(db, inquiry.id, staff.id, 'viewing', now);
    if (compose) await touchPresence(db, inquiry.id, staff.id, 'drafting', now);
  }
  const [thread, presence, members, offices, canned] = await Promise.all([
    loadThread(db, staff, inquiry.id),
    colleaguesPresent(db, staff, inquiry.id, now),
    isLeadOf(staff, inquiry.office_id) ? officeMembers(db, inquiry.office_id) : [],
    activeOffices(db),
    // The office's canned answers: the inquiry is visible, so its office's answers are too.
    db.selectFrom('canned_answers').select(['id', 'title', 'body']).where('office_id', '=', inquiry.office_id).orderBy('title').execute(),
  ]);
  const picked = opts.cannedId && isUuid(opts.cannedId) ? canned.find((a) => a.id === opts.cannedId) : undefined;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <InquiryPage
      staff={staff}
      inquiry={inquiry}
      thread={thread}
      presence={presence}
      members={members}
      offices={offices}
      canned={canned}
      compose={compose}
      cannedBody={picked?.body ?? null}
      form={opts.form ?? null}
      now={now}
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

export const inquiryRouter = createRouter();
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
  await touchPresence(c.var.deps.db, inquiry.id, signedInStaff(c).id, 'drafting', c.var.deps.clock.now());
  return c.redirect(`/desk/inquiries/${inquiry.id}?compose=1#reply`, 303);
});

inquiryRouter.openapi(detailRoute, async (c) => {
  const { db, clock } = c.var.deps;
  const staff = signedInStaff(c);
  const q = await visibleOr404(c, c.req.valid('param').id, 'view');
  const now = clock.now();
  const [thread, presence] = await Promise.all([loadThread(db, staff, q.id), colleaguesPresent(db, staff, q.id, now)]);
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
          ? { type: i.type, kind: i.kind, at: i.at.toISOString(), actor: i.actor, data: i.data }
          : { type: i.type, kind: i.kind, at: i.at.toISOString(), actor: i.fromName, direction: i.direction, to: i.to, subject: i.subject, text: i.text, status: i.status },
      ),
      presence: presence.map((p) => ({ name: p.name, kind: p.kind, at: p.at.toISOString() })),
    },
    200,
  );
});

inquiryRouter.openapi(draftingRoute, async (c) => {
  const q = await visibleOr404(c, c.req.valid('param').id, 'drafting');
  await touchPresence(c.var.deps.db, q.id, signedInStaff(c).id, 'drafting', c.var.deps.clock.now());
  return c.body(null, 204);
});

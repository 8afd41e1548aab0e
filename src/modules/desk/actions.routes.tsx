import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { InquiryStatus } from '../../db/schema.js';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { ApiError, type NamedError } from '../../lib/problem.js';
import { filesFromForm, type IncomingFile } from '../attachments/index.js';
import { requireStaff } from '../auth/index.js';
import {
  ActionResultSchema,
  INQUIRY_PROBLEMS,
  AssignBody,
  ClaimBody,
  IdParam,
  NoteBody,
  ReplyBody,
  ReporterAddressBody,
  StatusBody,
  staffSecurity,
  TransferBody,
} from './actions.schemas.js';
import { addNote, assign, changeStatus, claim, reply, transfer, type ActionOutcome, type Actor } from './actions.usecases.js';
import type { ActionName } from './inquiry.page.js';
import { addReporterAddress, removeReporterAddress } from './reporter-addresses.usecases.js';
import type { ThreadEvent } from './inquiry.repository.js';
import { actorOf, renderInquiryPage, visibleOr404 } from './inquiry.routes.js';
import { deskErrors } from './desk.errors.js';

// Each action exists twice: a form post from the inquiry page (303 back to it,
// or the page again with the form filled when it did not go through) and the
// same in the staff JSON API. Both call the same use case.

type Deps = AppEnv['Variables']['deps'];
/** `files`: what the page's multipart reply form attached; the JSON API sends none. */
type Run<B> = (deps: Deps, actor: Actor, id: string, body: B, files: IncomingFile[]) => Promise<ActionOutcome>;

interface ActionDef<S extends z.ZodType> {
  name: ActionName;
  schema: S;
  summary: string;
  run: Run<z.infer<S>>;
  /** The action's own refusals, documented beside those every action shares (INQUIRY_PROBLEMS). */
  refusals?: readonly NamedError<'forbidden' | 'conflict'>[];
}

const def = <S extends z.ZodType>(d: ActionDef<S>) => d;

const ACTIONS = [
  def({
    name: 'claim',
    schema: ClaimBody,
    summary: 'Assign the inquiry to yourself (officers of its office)',
    run: (d, a, id, b) => claim(d, a, id, b.version),
    refusals: [deskErrors.claimRefused, deskErrors.alreadyAssigned],
  }),
  def({
    name: 'assign',
    schema: AssignBody,
    summary: 'Assign to a colleague of the office (leads and admins)',
    run: (d, a, id, b) => assign(d, a, id, b.version, b.contactId),
    refusals: [deskErrors.assignRefused],
  }),
  def({
    name: 'transfer',
    schema: TransferBody,
    summary: 'Transfer to another office with a reason; its inbox and duty officer are alerted',
    run: (d, a, id, b) => transfer(d, a, id, b.version, b.office, b.reason),
  }),
  def({
    name: 'reply',
    schema: ReplyBody,
    summary: 'Email the reporter (From: the service with your name; threaded; your signature). Not sent over a colleague\'s change: 409',
    run: (d, a, id, b, files) => reply(d, a, id, b.version, b.text, b.status as InquiryStatus | undefined, files),
  }),
  def({ name: 'note', schema: NoteBody, summary: 'Add an internal note (never shown or sent to the reporter)', run: (d, a, id, b) => addNote(d, a, id, b.version, b.text) }),
  def({ name: 'status', schema: StatusBody, summary: 'Change the status', run: (d, a, id, b) => changeStatus(d, a, id, b.version, b.status) }),
  def({
    name: 'add-address',
    schema: ReporterAddressBody,
    summary: "Allow another address (an editor, a colleague of the reporter) to write on the reporter's side by email",
    run: (d, a, id, b) => addReporterAddress(d, a, id, b.version, b.address),
  }),
  def({
    name: 'remove-address',
    schema: ReporterAddressBody,
    summary: "Take an address off the inquiry's reporter side: its mail is quarantined again",
    run: (d, a, id, b) => removeReporterAddress(d, a, id, b.version, b.address),
  }),
];

function conflictDetail(version: number, changes: ThreadEvent[]): string {
  const what = changes.map((e) => `${e.actor ?? 'a colleague'} (${e.kind}) at ${e.at.toISOString()}`).join('; ');
  return `The inquiry changed since you loaded it${what ? `: ${what}` : ''}. Nothing was done; it is at version ${version} now. Read it again and resend with that version if you still want to.`;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Check the form and try again.';
  const field = issue.path.join('.') || 'form';
  return `${field === 'text' ? 'Text' : field.charAt(0).toUpperCase() + field.slice(1)}: ${issue.message}`;
}

async function formPost<S extends z.ZodType>(c: Context<AppEnv>, a: ActionDef<S>) {
  const id = c.req.param('id')!;
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string' && k !== '_csrf') values[k] = last;
  }
  // Only the reply form takes files.
  const files = a.name === 'reply' ? await filesFromForm(body.files) : [];
  const parsed = a.schema.safeParse({ ...values, version: Number(values.version) });
  if (!parsed.success) {
    await visibleOr404(c, id, a.name);
    return renderInquiryPage(c, id, { form: { action: a.name, values, error: firstIssue(parsed.error) }, status: 422 });
  }
  let outcome: ActionOutcome;
  try {
    outcome = await a.run(c.var.deps, actorOf(c), id, parsed.data, files);
  } catch (err) {
    // Refused input (not a member, already assigned…) comes back on the page with the form kept.
    if (err instanceof ApiError && (err.code === 'validation_failed' || err.code === 'conflict')) {
      const first = err.errors?.[0];
      const error = first ? `${first.field === 'files' ? 'Attachments' : first.field}: ${first.detail}` : err.message;
      return renderInquiryPage(c, id, { form: { action: a.name, values, error }, status: err.code === 'conflict' ? 409 : 422 });
    }
    throw err;
  }
  if (!outcome.ok && outcome.reason === 'not_found') throw deskErrors.inquiryNotFound.error();
  if (!outcome.ok) return renderInquiryPage(c, id, { form: { action: a.name, values, changes: outcome.changes }, status: 409 });
  // A transfer to an office the officer is not in takes the inquiry out of their view.
  return c.redirect(outcome.result.visible ? `/desk/inquiries/${id}` : '/desk', 303);
}

export const actionsRouter = createRouter<AppEnv>();
for (const path of ['/desk/inquiries/*', '/api/staff/inquiries/*']) actionsRouter.use(path, requireStaff);

for (const a of ACTIONS) {
  actionsRouter.post(`/desk/inquiries/:id/${a.name}`, (c) => formPost(c, a as ActionDef<z.ZodType>));

  const route = createRoute({
    tags: ['Desk'],
    security: staffSecurity,
    method: 'post',
    path: `/api/staff/inquiries/{id}/${a.name}`,
    summary: a.summary,
    description: "Send the inquiry's `version` as you read it. Another office's inquiry is 404, exactly like a missing one.",
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: a.schema } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: ActionResultSchema } } },
      ...problemResponses(...INQUIRY_PROBLEMS, ...(a.refusals ?? [])),
    },
  });
  actionsRouter.openapi(route, async (c) => {
    const id = c.req.valid('param').id;
    const outcome = await (a.run as Run<unknown>)(c.var.deps, actorOf(c), id, c.req.valid('json'), []);
    if (!outcome.ok && outcome.reason === 'not_found') throw deskErrors.inquiryNotFound.error();
    if (!outcome.ok) throw deskErrors.versionConflict.error(conflictDetail(outcome.version, outcome.changes));
    return c.json(outcome.result, 200);
  });
}

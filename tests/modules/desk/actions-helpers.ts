import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createSession, sessionConfig } from '../../../src/modules/auth/sessions.js';
import { BASE_URL, validInquiry, type TestContext } from '../../helpers/app.js';

// Inquiry page and action tests: sessions created directly, inquiries sent
// through the public API (so the acknowledgement and its Message-ID exist),
// then put in the state a test needs.

export const DALE = 'dale.rutstein@example.org'; // china, lead
export const INDRA = 'indra.nadchatram@example.org'; // malaysia, lead
export const JUANA = 'juana.jaafar@example.org'; // malaysia, officer
export const PIM = 'pim.rattanakul@example.org'; // eapro, lead
export const ADMIN = 'desk.admin@example.org'; // admin, no office

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
}

export async function signIn(t: TestContext, email: string): Promise<Session> {
  const user = await t.db.selectFrom('staff_users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirstOrThrow();
  const cfg = sessionConfig(t.config);
  const { id, csrf } = await createSession(t.db, user.id, t.clock.now(), cfg);
  return { cookie: `${cfg.cookieName}=${id}`, csrf, userId: user.id, email };
}

export const unique = (label = 'x') => `${label}-${randomBytes(4).toString('hex')}`;

export async function contactId(t: TestContext, email: string): Promise<string> {
  return (await t.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** A new inquiry through POST /api/inquiries; `assignee` (an email or null) then fixes who has it. */
export async function newInquiry(t: TestContext, overrides: Record<string, unknown> = {}, opts: { assignee?: string | null } = {}) {
  const tag = unique('r');
  const res = await t.postJson('/api/inquiries', validInquiry({ email: `${tag}@example.com`, subject: `Question ${tag}`, ...overrides }));
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { id: string; reference: string; statusUrl: string };
  if (opts.assignee !== undefined) {
    const contact = opts.assignee ? await contactId(t, opts.assignee) : null;
    await t.db.updateTable('inquiries').set({ contact_id: contact }).where('id', '=', body.id).execute();
  }
  return { ...body, reporterEmail: `${tag}@example.com`, subject: `Question ${tag}` };
}

export async function row(t: TestContext, id: string) {
  return t.db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export const get = (t: TestContext, s: Session | null, path: string) => t.request(path, { headers: s ? { cookie: s.cookie } : {} });

/** A form post as the page sends it: same origin, the session's CSRF token. */
export function form(t: TestContext, s: Session, path: string, fields: Record<string, string | number>) {
  const body = new URLSearchParams({ _csrf: s.csrf, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) });
  return t.request(path, {
    method: 'POST',
    headers: { cookie: s.cookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

export function api(t: TestContext, s: Session, path: string, body: unknown) {
  return t.request(path, {
    method: 'POST',
    headers: { cookie: s.cookie, origin: BASE_URL, 'content-type': 'application/json', 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
}

export async function events(t: TestContext, id: string) {
  return t.db.selectFrom('inquiry_events').select(['kind', 'data', 'created_at']).where('inquiry_id', '=', id).orderBy('id').execute();
}

export async function auditOf(t: TestContext, targetId: string) {
  return t.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail', 'client_hash']).where('target_id', '=', targetId).orderBy('id').execute();
}

/** The hidden `version` field the page's forms carry. */
export function formVersion(html: string): number {
  const m = /name="version" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no version field on the page');
  return Number(m[1]);
}

/** A problem body without its request id, which differs per request by design. */
export async function problemWithoutId(res: Response) {
  const { requestId: _ignored, ...rest } = (await res.json()) as Record<string, unknown>;
  return rest;
}

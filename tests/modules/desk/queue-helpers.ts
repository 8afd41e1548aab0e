import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { InquiriesTable } from '../../../src/db/schema.js';
import { createSession, sessionConfig } from '../../../src/modules/auth/sessions.js';
import { linkColumns, type TestContext } from '../../helpers/app.js';

// Queue tests: sign in by creating a session directly, and put inquiries in
// place without going through routing, so each test controls office, assignee,
// priority and due time exactly.

export const DALE = 'dale.rutstein@example.org'; // china, lead
export const INDRA = 'indra.nadchatram@example.org'; // malaysia, lead
export const JUANA = 'juana.jaafar@example.org'; // malaysia, officer
export const ADMIN = 'desk.admin@example.org'; // admin, no office

/** The Cookie header of a fresh session for that demo account. */
export async function signIn(t: TestContext, email: string): Promise<string> {
  const user = await t.db
    .selectFrom('staff_users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirstOrThrow();
  const cfg = sessionConfig(t.config);
  const { id } = await createSession(t.db, user.id, t.clock.now(), cfg);
  return `${cfg.cookieName}=${id}`;
}

export async function officeId(t: TestContext, code: string): Promise<string> {
  return (await t.db.selectFrom('offices').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export async function contactId(t: TestContext, email: string): Promise<string> {
  return (await t.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** A topic of the test's own: filtering on it keeps other tests' inquiries out of the list. */
export async function newTopic(t: TestContext): Promise<string> {
  const code = `t-${randomBytes(5).toString('hex')}`;
  await t.db.insertInto('topics').values({ code, name: `Test topic ${code}` }).execute();
  return code;
}

export interface SeedInquiry {
  office: string;
  subject?: string;
  message?: string;
  name?: string;
  email?: string;
  outlet?: string;
  country?: string;
  language?: 'en' | 'zh' | 'ms';
  topic?: string | null;
  status?: 'new' | 'open' | 'waiting' | 'answered' | 'closed';
  priority?: 'urgent' | 'normal';
  /** ISO instant or minutes from the test clock's now. */
  due?: string | number;
  assignee?: string | null;
}

/** Inserts inquiries directly; returns them with their ids and references, in the order given. */
export async function seedInquiries(t: TestContext, list: SeedInquiry[]) {
  const offices = Object.fromEntries((await t.db.selectFrom('offices').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
  const contacts = Object.fromEntries((await t.db.selectFrom('contacts').select(['id', 'email']).execute()).map((c) => [c.email, c.id]));
  const now = t.clock.now();
  const values: Insertable<InquiriesTable>[] = list.map((s) => {
    const ref = `PD-2026-T${randomBytes(6).toString('hex')}`;
    const due = typeof s.due === 'string' ? new Date(s.due) : new Date(now.getTime() + (s.due ?? 60) * 60_000);
    return {
      reference: ref,
      ...linkColumns(randomUUID()),
      status: s.status ?? 'new',
      priority: s.priority ?? 'normal',
      office_id: offices[s.office]!,
      contact_id: s.assignee ? contacts[s.assignee]! : null,
      routing: JSON.stringify({ reasons: ['seeded by a test'], decidedAt: now.toISOString() }),
      due_at: due,
      name: s.name ?? 'Test Reporter',
      email: s.email ?? `reporter-${randomUUID()}@example.com`,
      outlet: s.outlet ?? 'Test Outlet',
      country: s.country ?? (s.office === 'china' ? 'CN' : s.office === 'malaysia' ? 'MY' : 'TH'),
      language: s.language ?? 'en',
      topic: s.topic ?? null,
      subject: s.subject ?? `Question ${ref}`,
      message: s.message ?? 'A question for the press office.',
      privacy_notice_version: '2026-11',
      consented_at: now,
      source: 'api',
      created_at: now,
      updated_at: now,
    };
  });
  const rows = await t.db.insertInto('inquiries').values(values).returning(['id', 'reference']).execute();
  return rows;
}

export interface QueueJson {
  items: {
    id: string;
    reference: string;
    url: string;
    subject: string;
    outlet: string;
    country: string;
    office: { code: string; name: string; timeZone: string };
    assignee: { name: string } | null;
    status: string;
    priority: string;
    dueAt: string;
    minutesLeft: number;
  }[];
  nextCursor: string | null;
  counts: Record<'new' | 'open' | 'waiting' | 'answered', number>;
}

/** GET /api/staff/inquiries with that query, as JSON (asserting 200). */
export async function apiQueue(t: TestContext, cookie: string, query: Record<string, string> = {}): Promise<QueueJson> {
  const res = await t.request(`/api/staff/inquiries?${new URLSearchParams(query)}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`queue API answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as QueueJson;
}

/** Every item of a listing, following nextCursor to the end. */
export async function allPages(t: TestContext, cookie: string, query: Record<string, string>) {
  const items: QueueJson['items'] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: QueueJson = await apiQueue(t, cookie, after ? { ...query, after } : query);
    items.push(...page.items);
    after = page.nextCursor;
    pages++;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (after);
  return { items, pages };
}

export async function pageHtml(t: TestContext, cookie: string, query: string | Record<string, string> = {}) {
  const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  const res = await t.request(`/desk${qs ? `?${qs}` : ''}`, { headers: { cookie } });
  return { res, html: await res.text() };
}

import { sql, type Transaction, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB, InquiriesTable } from '../../db/schema.js';
import { maskPrivateLinks } from '../../lib/link-tokens.js';
import type { Staff } from '../auth/index.js';
import { visibleTo } from './access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A malformed id is answered like a missing one, without asking Postgres to cast it. */
export const isUuid = (id: string) => UUID.test(id);

/** How long a "viewing" or "drafting" marker counts as someone being on the inquiry now. */
export const PRESENCE_MINUTES = 5;

/** The inquiry as the desk shows it, if this staff member may see it. */
export async function findVisibleInquiry(db: Executor, staff: Staff, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('inquiries as i')
    .innerJoin('offices as o', 'o.id', 'i.office_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .selectAll('i')
    .select([
      'o.code as office_code',
      'o.name as office_name',
      'o.time_zone as office_time_zone',
      'c.name as contact_name',
      'c.email as contact_email',
    ])
    .where('i.id', '=', id)
    .where(visibleTo(staff))
    .executeTakeFirst();
}
export type DeskInquiry = NonNullable<Awaited<ReturnType<typeof findVisibleInquiry>>>;

/** Locks the row for an action; the visibility filter is part of the locking query. */
export async function lockVisibleInquiry(trx: Transaction<DB>, staff: Staff, id: string) {
  if (!isUuid(id)) return undefined;
  return trx.selectFrom('inquiries as i').selectAll('i').where('i.id', '=', id).where(visibleTo(staff)).forUpdate().executeTakeFirst();
}
export type LockedInquiry = NonNullable<Awaited<ReturnType<typeof lockVisibleInquiry>>>;

/** An action's change to the row (the caller locked it and bumps the version here). */
export async function updateInquiry(db: Executor, id: string, set: Updateable<InquiriesTable>) {
  await db.updateTable('inquiries').set(set).where('id', '=', id).execute();
}

/** A transfer: the inquiry is with the new office, unassigned there. */
export async function moveInquiryToOffice(db: Executor, id: string, officeId: string) {
  await db.updateTable('inquiries').set({ office_id: officeId, contact_id: null }).where('id', '=', id).execute();
}

/** One entry of the inquiry's history; `data` is stored as JSON. */
export async function insertInquiryEvent(db: Executor, e: { inquiryId: string; kind: string; data: unknown; at: Date }) {
  await db.insertInto('inquiry_events').values({ inquiry_id: e.inquiryId, kind: e.kind, data: JSON.stringify(e.data), created_at: e.at }).execute();
}

/** Only to tell a denial (log and audit it) from a missing id; the answer is the same 404. */
export async function inquiryExists(db: Executor, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return !!(await db.selectFrom('inquiries').select('id').where('id', '=', id).executeTakeFirst());
}

export interface ThreadEvent {
  type: 'event';
  id: string;
  kind: string;
  at: Date;
  actor: string | null;
  data: Record<string, unknown>;
  /** For what came in by email: the whole received text (quoted history and signature included), when it says more than the event. */
  fullText?: string;
}
export interface ThreadEmail {
  type: 'email';
  id: string;
  kind: string;
  at: Date;
  direction: 'in' | 'out';
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  text: string | null;
  status: string;
  lastError: string | null;
}
export type ThreadItem = ThreadEvent | ThreadEmail;

const SYSTEM_EVENTS = new Set(['routed', 'escalated', 'email_failed', 'follow_up_notified', 'email_quarantined', 'email_bounced', 'followed_up_by']);

/** An event that put received mail into the thread (a reporter's reply, an officer's answer or note). */
const threadedByEmail = (data: Record<string, unknown>) => data.source === 'email' && typeof data.inboundMessageId === 'string' && isUuid(data.inboundMessageId);

/**
 * The whole text of the received messages behind the thread's emailed events,
 * by message id, only where it says more than the part shown (a message
 * without quoted history needs no "show the full text"). Only this inquiry's messages.
 */
async function receivedFullTexts(db: Executor, inquiryId: string, data: Record<string, unknown>[]): Promise<Map<string, string>> {
  const ids = [...new Set(data.filter(threadedByEmail).map((d) => d.inboundMessageId as string))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('inbound_messages')
    .select(['id', 'full_text', 'visible_text'])
    .where('inquiry_id', '=', inquiryId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.filter((r) => r.full_text.trim() !== r.visible_text.trim()).map((r) => [r.id, r.full_text]));
}

/** An event's data as staff see it: any private link a reporter pasted into their words is masked. */
function maskedData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? maskPrivateLinks(v) : v]));
}

/**
 * Every event and email of the inquiry, oldest first; emails as subject and
 * text only, never their HTML. Staff never see a reporter's private links: the
 * status link and reply addresses in every copy are masked here, for the page and the API alike.
 */
export async function loadThread(db: Executor, staff: Staff, inquiryId: string): Promise<ThreadItem[]> {
  const [events, emails] = await Promise.all([
    db
      .selectFrom('inquiry_events as e')
      .innerJoin('inquiries as i', 'i.id', 'e.inquiry_id')
      .select(['e.id', 'e.kind', 'e.data', 'e.created_at', 'i.name as reporter'])
      .where('e.inquiry_id', '=', inquiryId)
      .where(visibleTo(staff))
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('emails as m')
      .innerJoin('inquiries as i', 'i.id', 'm.inquiry_id')
      .select(['m.id', 'm.kind', 'm.created_at', 'm.from_name', 'm.from_address', 'm.to_address', 'm.subject', 'm.text', 'm.status', 'm.last_error'])
      .where('m.inquiry_id', '=', inquiryId)
      .where(visibleTo(staff))
      .orderBy('m.created_at')
      .orderBy('m.kind')
      .orderBy('m.to_address')
      .execute(),
  ]);
  const fullTexts = await receivedFullTexts(db, inquiryId, events.map((e) => e.data ?? {}));
  const items: ThreadItem[] = [
    ...events.map((e): ThreadEvent => {
      const data = maskedData(e.data ?? {});
      const actor = typeof data.actorName === 'string' ? data.actorName : e.kind === 'received' ? e.reporter : SYSTEM_EVENTS.has(e.kind) ? 'Pressdesk' : null;
      const full = threadedByEmail(data) ? fullTexts.get(data.inboundMessageId as string) : undefined;
      return { type: 'event', id: e.id, kind: e.kind, at: e.created_at, actor, data, ...(full === undefined ? {} : { fullText: maskPrivateLinks(full) }) };
    }),
    ...emails.map(
      (m): ThreadEmail => ({
        type: 'email',
        id: m.id,
        kind: m.kind,
        at: m.created_at,
        // Inbound mail (a reporter's follow-up) will be stored with kind 'inbound'.
        direction: m.kind === 'inbound' ? 'in' : 'out',
        fromName: m.from_name,
        fromAddress: m.from_address,
        to: m.to_address,
        subject: maskPrivateLinks(m.subject),
        // Null until the worker renders an email it sends later (the intake's): the subject is there at once.
        text: m.text === null ? null : maskPrivateLinks(m.text),
        status: m.status,
        lastError: m.last_error,
      }),
    ),
  ];
  // Stable sort: same instant keeps events (in id order) before the emails they caused.
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Records that a staff member has the inquiry open, or its reply form (bookkeeping only: no version bump, no event). */
export async function touchPresence(db: Executor, inquiryId: string, userId: string, kind: 'viewing' | 'drafting', at: Date) {
  await db
    .insertInto('desk_presence')
    .values({ inquiry_id: inquiryId, user_id: userId, kind, at })
    .onConflict((oc) => oc.columns(['inquiry_id', 'user_id', 'kind']).doUpdateSet({ at }))
    .execute();
}

export async function clearDrafting(db: Executor, inquiryId: string, userId: string) {
  await db.deleteFrom('desk_presence').where('inquiry_id', '=', inquiryId).where('user_id', '=', userId).where('kind', '=', 'drafting').execute();
}

export interface Presence {
  name: string;
  kind: 'viewing' | 'drafting';
  at: Date;
}

/** Colleagues on this inquiry in the last few minutes (not the staff member themself). */
export async function colleaguesPresent(db: Executor, staff: Staff, inquiryId: string, now: Date): Promise<Presence[]> {
  const since = new Date(now.getTime() - PRESENCE_MINUTES * 60_000);
  return db
    .selectFrom('desk_presence as p')
    .innerJoin('inquiries as i', 'i.id', 'p.inquiry_id')
    .innerJoin('staff_users as u', 'u.id', 'p.user_id')
    .select(['u.name', 'p.kind', 'p.at'])
    .where('p.inquiry_id', '=', inquiryId)
    .where('p.user_id', '<>', staff.id)
    .where('p.at', '>=', since)
    .where(visibleTo(staff))
    .orderBy('p.at', 'desc')
    .execute();
}

/** The events that bumped the version past `version`: what a colleague did since the form was loaded. */
export async function changesSince(db: Executor, staff: Staff, inquiryId: string, version: number): Promise<ThreadEvent[]> {
  const rows = await db
    .selectFrom('inquiry_events as e')
    .innerJoin('inquiries as i', 'i.id', 'e.inquiry_id')
    .select(['e.id', 'e.kind', 'e.data', 'e.created_at'])
    .where('e.inquiry_id', '=', inquiryId)
    .where(sql<number>`(e.data->>'version')::int`, '>', version)
    .where(visibleTo(staff))
    .orderBy('e.id')
    .execute();
  return rows.map((e) => ({
    type: 'event',
    id: e.id,
    kind: e.kind,
    at: e.created_at,
    actor: typeof e.data.actorName === 'string' ? e.data.actorName : null,
    data: e.data,
  }));
}

/** Who an inquiry can be assigned to: the contacts who are members of its office. */
export async function officeMembers(db: Executor, officeId: string) {
  return db
    .selectFrom('office_members as m')
    .innerJoin('contacts as c', 'c.id', 'm.contact_id')
    .select(['c.id', 'c.name', 'c.email', 'm.role'])
    .where('m.office_id', '=', officeId)
    .where('c.active', '=', true)
    .orderBy('c.name')
    .execute();
}

/** A directory contact's name; no contact (nobody assigned) is null. */
export async function contactNameOf(db: Executor, id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await db.selectFrom('contacts').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** What an officer's reply is signed with, from the directory. */
export async function signatureOf(db: Executor, contactId: string) {
  return db.selectFrom('contacts').select(['name', 'title', 'phone']).where('id', '=', contactId).executeTakeFirst();
}

export async function officeNameOf(db: Executor, officeId: string): Promise<string> {
  return (await db.selectFrom('offices').select('name').where('id', '=', officeId).executeTakeFirstOrThrow()).name;
}

export async function activeOffices(db: Executor) {
  return db.selectFrom('offices').select(['id', 'code', 'name', 'email', 'time_zone', 'duty_contact_id']).where('active', '=', true).orderBy('name').execute();
}


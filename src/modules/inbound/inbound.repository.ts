import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { InboundDisposition, InboundMessagesTable, InquiriesTable } from '../../db/schema.js';

/** What the pipeline needs of an inquiry to match, check the sender and change it. */
const INQUIRY_COLUMNS = [
  'i.id',
  'i.reference',
  'i.email',
  'i.name',
  'i.status',
  'i.office_id',
  'i.contact_id',
  'i.version',
  'i.deadline',
  'i.updated_at',
  'i.first_response_at',
  'i.reply_hash',
  'i.legacy_reply_hash',
  'i.staff_reply_hash',
] as const;

/** The inquiry whose reporter's (or legacy) or officers' reply address hashes to this; which side it is. */
export async function inquiryByReplyHash(db: Executor, hash: string) {
  return db
    .selectFrom('inquiries as i')
    .select(INQUIRY_COLUMNS)
    .where((eb) => eb.or([eb('i.reply_hash', '=', hash), eb('i.legacy_reply_hash', '=', hash), eb('i.staff_reply_hash', '=', hash)]))
    .executeTakeFirst();
}
export type MatchedInquiry = NonNullable<Awaited<ReturnType<typeof inquiryByReplyHash>>>;

/** Whether any inquiry has this reply-address hash (RCPT TO checks it before taking the message). */
export async function replyHashExists(db: Executor, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('inquiries')
    .select('id')
    .where((eb) => eb.or([eb('reply_hash', '=', hash), eb('legacy_reply_hash', '=', hash), eb('staff_reply_hash', '=', hash)]))
    .executeTakeFirst();
  return !!row;
}

export async function inquiryById(db: Executor, id: string) {
  return db.selectFrom('inquiries as i').select(INQUIRY_COLUMNS).where('i.id', '=', id).executeTakeFirst();
}

export async function inquiryByReference(db: Executor, reference: string) {
  return db.selectFrom('inquiries as i').select(INQUIRY_COLUMNS).where('i.reference', '=', reference).executeTakeFirst();
}

/** Emails we sent with one of these Message-IDs (stored with angle brackets), in the order asked. */
export async function sentEmailsByMessageIds(db: Executor, bracketed: string[]) {
  if (bracketed.length === 0) return [];
  return db
    .selectFrom('emails')
    .select(['message_id', 'inquiry_id', 'to_address', 'kind'])
    .where('message_id', 'in', bracketed)
    .where('inquiry_id', 'is not', null)
    .execute();
}

/** The addresses staff allowed on the inquiry's reporter side besides the reporter (stored lower-case). */
export async function reporterAddresses(db: Executor, inquiryId: string): Promise<string[]> {
  const rows = await db.selectFrom('inquiry_reporter_addresses').select('address').where('inquiry_id', '=', inquiryId).execute();
  return rows.map((r) => r.address);
}

/** An active staff account with this sign-in address (case-insensitive). */
export async function activeStaffIdByEmail(db: Executor, address: string): Promise<string | null> {
  const row = await db
    .selectFrom('staff_users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', address.toLowerCase())
    .where('active', '=', true)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Stores a received message once: null when its Message-ID is already stored. */
export async function insertInboundMessage(db: Executor, row: Insertable<InboundMessagesTable>): Promise<string | null> {
  const inserted = await db
    .insertInto('inbound_messages')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export async function inboundByMessageId(db: Executor, messageId: string) {
  return db.selectFrom('inbound_messages').select(['id', 'disposition', 'inquiry_id']).where('message_id', '=', messageId).executeTakeFirst();
}

export async function setInboundDisposition(
  db: Executor,
  id: string,
  set: { disposition: InboundDisposition; inquiry_id?: string | null; reason?: string | null; handled_by?: string | null; handled_at?: Date | null },
) {
  await db.updateTable('inbound_messages').set(set).where('id', '=', id).execute();
}

export async function updateInquiryRow(db: Executor, id: string, set: Updateable<InquiriesTable>) {
  await db.updateTable('inquiries').set(set).where('id', '=', id).execute();
}

/** The inquiry, locked for the change the message makes (version and status move under the lock). */
export async function lockInquiry(db: Executor, id: string) {
  return db.selectFrom('inquiries as i').select(INQUIRY_COLUMNS).where('i.id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertEvent(db: Executor, e: { inquiryId: string; kind: string; data: unknown; at: Date }) {
  await db.insertInto('inquiry_events').values({ inquiry_id: e.inquiryId, kind: e.kind, data: JSON.stringify(e.data), created_at: e.at }).execute();
}

/** The office's code (the directory, for the response clock, is keyed by it). */
export async function officeCodeOf(db: Executor, officeId: string): Promise<string | null> {
  const row = await db.selectFrom('offices').select('code').where('id', '=', officeId).executeTakeFirst();
  return row?.code ?? null;
}

/** One quarantined or handled message with what staff need to judge it, and the office of its inquiry. */
const QUARANTINE_COLUMNS = [
  'm.id',
  'm.message_id',
  'm.received_at',
  'm.via',
  'm.envelope_from',
  'm.recipient',
  'm.from_address',
  'm.from_name',
  'm.subject',
  'm.kind',
  'm.disposition',
  'm.reason',
  'm.inquiry_id',
  'm.side',
  'm.matched_by',
  'm.authentication',
  'm.visible_text',
  'm.full_text',
  'i.reference',
  'i.office_id',
  'i.contact_id',
] as const;

/**
 * Quarantined messages, newest first, limited to these offices or assignee
 * (null offices: all, for admins). A message matched to no inquiry is an admin's.
 */
export async function quarantinedMessages(db: Executor, scope: { officeIds: string[] | null; contactId: string | null }, limit: number) {
  let q = db
    .selectFrom('inbound_messages as m')
    .leftJoin('inquiries as i', 'i.id', 'm.inquiry_id')
    .select(QUARANTINE_COLUMNS)
    .where('m.disposition', '=', 'quarantined');
  if (scope.officeIds !== null) {
    const { officeIds, contactId } = scope;
    q = q.where((eb) =>
      eb.or([
        ...(officeIds.length ? [eb('i.office_id', 'in', officeIds)] : []),
        ...(contactId ? [eb('i.contact_id', '=', contactId)] : []),
        eb.val(false),
      ]),
    );
  }
  return q.orderBy('m.received_at', 'desc').limit(limit).execute();
}

export async function inboundMessageById(db: Executor, id: string) {
  return db
    .selectFrom('inbound_messages as m')
    .leftJoin('inquiries as i', 'i.id', 'm.inquiry_id')
    .select([...QUARANTINE_COLUMNS, 'm.raw_gzip'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** The same, locked: release and drop decide on the row's disposition under the lock. */
export async function lockInboundMessage(db: Executor, id: string) {
  return db
    .selectFrom('inbound_messages as m')
    .select(['m.id', 'm.disposition', 'm.inquiry_id', 'm.side', 'm.raw_gzip', 'm.envelope_from', 'm.recipient', 'm.via'])
    .where('m.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

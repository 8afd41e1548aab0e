import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, NewInquiry } from '../../db/schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

export async function nextReferenceNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select nextval('inquiry_reference_seq')::int as n`.execute(db);
  return rows[0]!.n;
}

export async function insertInquiry(db: Executor, values: NewInquiry) {
  return db.insertInto('inquiries').values(values).returning(['id', 'reference', 'status', 'created_at']).executeTakeFirstOrThrow();
}

export async function addInquiryEvent(db: Executor, inquiryId: string, kind: string, data: Record<string, unknown> = {}) {
  await db.insertInto('inquiry_events').values({ inquiry_id: inquiryId, kind, data: JSON.stringify(data) }).execute();
}

/** Several events in one statement; ids follow the order given. */
export async function addInquiryEvents(db: Executor, inquiryId: string, events: { kind: string; data?: Record<string, unknown> }[], at?: Date) {
  if (events.length === 0) return;
  await db
    .insertInto('inquiry_events')
    .values(events.map((e) => ({ inquiry_id: inquiryId, kind: e.kind, data: JSON.stringify(e.data ?? {}), ...(at ? { created_at: at } : {}) })))
    .execute();
}

export async function topicExists(db: Database, code: string): Promise<boolean> {
  return !!(await db.selectFrom('topics').select('code').where('code', '=', code).executeTakeFirst());
}

/** The reporter's view: nothing internal (no notes, no assignee's email, no routing reasons). */
export async function findInquiryByStatusToken(db: Database, token: string) {
  return db
    .selectFrom('inquiries as i')
    .innerJoin('offices as o', 'o.id', 'i.office_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'i.id',
      'i.reference',
      'i.status',
      'i.subject',
      'i.message',
      'i.language',
      'i.due_at',
      'i.deadline',
      'i.created_at',
      'i.involves_children',
      'o.name as office_name',
      'o.time_zone as office_time_zone',
      'c.name as contact_name',
      'c.title as contact_title',
    ])
    .where('i.status_token', '=', token)
    .executeTakeFirst();
}

// Idempotency: the key row is inserted first inside the intake transaction. A
// concurrent request with the same key blocks on the unique index until the
// first commits, then finds its stored answer.

export async function findIdempotencyRecord(db: Executor, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function claimIdempotencyKey(db: Executor, key: string, requestHash: string): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ key, request_hash: requestHash, response_status: 0, response_body: '{}' })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!row;
}

export async function storeIdempotentResponse(db: Executor, key: string, inquiryId: string, status: number, body: unknown) {
  await db
    .updateTable('idempotency_keys')
    .set({ inquiry_id: inquiryId, response_status: status, response_body: JSON.stringify(body) })
    .where('key', '=', key)
    .execute();
}

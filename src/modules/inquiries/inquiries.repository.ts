import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { filledText, type Fill, type PendingWrite } from '../../db/statement.js';
import type { DB, InquiryStatus, NewInquiry } from '../../db/schema.js';
import { hashToken, inquiryLinks, linkHashes, newLinkNonce } from '../../lib/link-tokens.js';
import { REFERENCE_DIGITS, referencePrefix } from './inquiries.reference.js';

export interface NewInquiryEvent {
  kind: string;
  data?: Record<string, unknown>;
}

/** The next reference of the year, numbered by the sequence inside the insert, formatted as formatReference does. */
function numberedReference(year: number) {
  return sql<string>`(select ${referencePrefix(year)} || lpad(s.n::text, greatest(${REFERENCE_DIGITS}, length(s.n::text)), '0')
    from (select nextval('inquiry_reference_seq') as n) s)`;
}

/** Events in one insert, ids in the order given; without `at`, stamped with the database's now(). */
function eventsInsert(db: Executor, inquiryId: string, events: NewInquiryEvent[], at?: Date) {
  return db
    .insertInto('inquiry_events')
    .values(events.map((e) => ({ inquiry_id: inquiryId, kind: e.kind, data: JSON.stringify(e.data ?? {}), ...(at ? { created_at: at } : {}) })));
}

/** Everything a new inquiry writes, for insertIntake. */
export interface IntakeWrite {
  inquiry: Omit<NewInquiry, 'reference' | 'id'> & { id: string };
  year: number;
  events: NewInquiryEvent[];
  at: Date;
  /** Stands for the reference in text built before it existed (referencePlaceholder). */
  placeholder?: string;
  /** The other features' writes for the inquiry (its files, emails, digest entries), given the reference's fill. */
  writes?: (fill: Fill | undefined) => PendingWrite[];
  /** The jobs, as the queue's expression; none when the caller adds them itself in a transaction. */
  jobs?: RawBuilder<number> | null;
  /** The Idempotency-Key, the request's hash and the answer kept under it (JSON, with the placeholder). */
  idempotency?: { key: string; hash: string; answer: string };
}

/**
 * The whole intake as one statement, atomic without begin/commit: the
 * inquiry numbered by the sequence, its events, the other features' writes as
 * data-modifying CTEs (with the reference filled in), its jobs, and its
 * Idempotency-Key with the answer. Foreign keys are checked at the end of the
 * statement, so the order of the parts does not matter. A key taken by a
 * concurrent request fails the statement with a unique violation
 * (isIdempotencyKeyTaken): nothing of it is written.
 */
export async function insertIntake(db: Executor, w: IntakeWrite): Promise<{ id: string; reference: string; status: InquiryStatus }> {
  const fill: Fill | undefined = w.placeholder ? { placeholder: w.placeholder, value: sql<string>`(select reference from i)` } : undefined;
  const inquiry = db
    .insertInto('inquiries')
    .values({ ...w.inquiry, reference: numberedReference(w.year) })
    .returning(['id', 'reference', 'status']);
  const parts = [sql`i as (${inquiry})`];
  if (w.events.length) parts.push(sql`e as (${eventsInsert(db, w.inquiry.id, w.events, w.at)})`);
  (w.writes?.(fill) ?? []).forEach((write, n) => parts.push(sql`${sql.id(`w${n}`)} as (${write})`));
  if (w.idempotency) {
    const { key, hash, answer } = w.idempotency;
    const keyRow = db.insertInto('idempotency_keys').values({
      key,
      request_hash: hash,
      inquiry_id: w.inquiry.id,
      response_status: 201,
      response_body: sql`${filledText(answer, fill)}::jsonb`,
    });
    parts.push(sql`k as (${keyRow})`);
  }
  const jobs = w.jobs ? sql`, ${w.jobs} as jobs` : sql``;
  const { rows } = await sql<{ id: string; reference: string; status: InquiryStatus }>`with ${sql.join(parts)}
    select i.id, i.reference, i.status${jobs} from i`.execute(db);
  return rows[0]!;
}

/** The Idempotency-Key was claimed by a concurrent request while this one's statement ran. */
export function isIdempotencyKeyTaken(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'idempotency_keys_pkey';
}

export async function addInquiryEvent(db: Executor, inquiryId: string, kind: string, data: Record<string, unknown> = {}) {
  await db.insertInto('inquiry_events').values({ inquiry_id: inquiryId, kind, data: JSON.stringify(data) }).execute();
}

/** Several events in one statement; ids follow the order given. */
export async function addInquiryEvents(db: Executor, inquiryId: string, events: NewInquiryEvent[], at?: Date) {
  if (events.length === 0) return;
  await eventsInsert(db, inquiryId, events, at).execute();
}

/** The inquiry named a topic that no longer exists (deleted after the caller checked). */
export function isUnknownTopic(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | undefined;
  return e?.code === '23503' && e.constraint === 'inquiries_topic_fkey';
}

/** Whether a topic exists, for a code the cached directory does not know (added a moment ago, or wrong). */
export async function topicExists(db: Database, code: string): Promise<boolean> {
  return !!(await db.selectFrom('topics').select('code').where('code', '=', code).executeTakeFirst());
}

/** Matches the row a presented status token belongs to: a derived one, or the clear one a row had before the migration. */
function byStatusToken(token: string) {
  const hash = hashToken(token);
  return (eb: ExpressionBuilder<{ i: DB['inquiries'] }, 'i'>) => eb.or([eb('i.status_hash', '=', hash), eb('i.legacy_status_hash', '=', hash)]);
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
    .where(byStatusToken(token))
    .executeTakeFirst();
}

// Idempotency: the key row is inserted with what it stands for (the intake's
// statement, the follow-up's transaction). A concurrent request with the same
// key blocks on the unique index until the first commits, then finds its
// stored answer.

/** The stored answer, with what is needed to rebuild its status URL (never stored). */
export type IdempotencyRecord = NonNullable<Awaited<ReturnType<typeof findIdempotencyRecord>>>;

/** The answer kept under an Idempotency-Key, if there is one. */
export async function findIdempotencyRecord(db: Executor, key: string) {
  return db
    .selectFrom('idempotency_keys as k')
    .leftJoin('inquiries as i', 'i.id', 'k.inquiry_id')
    .select(['k.request_hash', 'k.response_status', 'k.response_body', 'k.inquiry_id', 'i.link_nonce'])
    .where('k.key', '=', key)
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

/** Locks the inquiry behind a status link for a reporter's follow-up. */
export async function lockInquiryByStatusToken(trx: Transaction<DB>, token: string) {
  return trx
    .selectFrom('inquiries as i')
    .select(['i.id', 'i.name', 'i.status', 'i.version'])
    .where(byStatusToken(token))
    .forUpdate()
    .executeTakeFirst();
}

/** The inquiry's new status and desk version after a reporter's follow-up. */
export async function setStatusAndVersion(trx: Executor, inquiryId: string, status: InquiryStatus, version: number, at: Date): Promise<void> {
  await trx.updateTable('inquiries').set({ status, version, updated_at: at }).where('id', '=', inquiryId).execute();
}

/** Forgets Idempotency-Keys older than `ttlHours`, by the database's clock. */
export async function purgeIdempotencyKeys(db: Executor, ttlHours: number): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${ttlHours})`)
    .execute();
}

export interface ReporterThreadItem {
  kind: 'reply' | 'follow_up';
  at: Date;
  /** The officer's name on a reply; null for the reporter's own messages. */
  from: string | null;
  text: string;
}

/** The reply's own words: the plain-text part up to the signature delimiter ("-- "). */
function replyBody(text: string): string {
  const cut = text.indexOf('\n-- \n');
  return (cut >= 0 ? text.slice(0, cut) : text).trim();
}

/**
 * What the reporter may see of the thread besides the original message: the
 * officers' replies as sent and the reporter's own follow-ups, oldest first.
 * Never notes, routing, assignments or any other internal event.
 */
export async function loadReporterThread(db: Executor, inquiryId: string): Promise<ReporterThreadItem[]> {
  const [replies, followUps] = await Promise.all([
    db
      .selectFrom('emails')
      .select(['created_at', 'from_name', 'text'])
      .where('inquiry_id', '=', inquiryId)
      .where('kind', '=', 'reply')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('inquiry_events')
      .select(['created_at', sql<string>`data->>'message'`.as('message')])
      .where('inquiry_id', '=', inquiryId)
      .where('kind', '=', 'follow_up')
      .orderBy('id')
      .execute(),
  ]);
  const items: ReporterThreadItem[] = [
    ...replies.map((r) => ({ kind: 'reply' as const, at: r.created_at, from: r.from_name, text: replyBody(r.text ?? '') })),
    ...followUps.map((f) => ({ kind: 'follow_up' as const, at: f.created_at, from: null, text: f.message ?? '' })),
  ];
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The reporter's own time zone, when the form asked for it (kept with the 'received' event). */
export async function reporterTimeZone(db: Executor, inquiryId: string): Promise<string | null> {
  const row = await db
    .selectFrom('inquiry_events')
    .select(sql<string | null>`data->>'timeZone'`.as('tz'))
    .where('inquiry_id', '=', inquiryId)
    .where('kind', '=', 'received')
    .executeTakeFirst();
  return row?.tz ?? null;
}

/** The release a form was opened from: title and slug when it is published, else undefined. */
export async function findPublishedArticleTitle(db: Executor, slug: string, now: Date) {
  if (slug.length > 200) return undefined;
  return db.selectFrom('articles').select(['slug', 'title']).where('slug', '=', slug).where('published_at', '<=', now).executeTakeFirst();
}

export async function listTopics(db: Executor) {
  return db.selectFrom('topics').select(['code', 'name']).orderBy('name').execute();
}

/**
 * Rows migrated from clear tokens have a nonce but no derived hashes yet (the
 * migration has no secret): filled at start, before any request or job, so the
 * links the service writes from then on work. Their old links keep working
 * through the legacy hashes. Every process computes the same values.
 */
export async function backfillLinkHashes(db: Kysely<DB>, secret: string): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.selectFrom('inquiries').select(['id', 'link_nonce']).where('status_hash', 'is', null).limit(500).execute();
    if (rows.length === 0) return filled;
    for (const row of rows) {
      await db.updateTable('inquiries').set(linkHashes(inquiryLinks(secret, row))).where('id', '=', row.id).where('status_hash', 'is', null).execute();
    }
    filled += rows.length;
  }
}

/** A new nonce: every private link of the inquiry (status page, both reply addresses, any old clear one) stops working. */
export async function rotateLinkNonce(db: Executor, secret: string, inquiryId: string): Promise<void> {
  const link_nonce = newLinkNonce();
  await db
    .updateTable('inquiries')
    .set({ link_nonce, ...linkHashes(inquiryLinks(secret, { id: inquiryId, link_nonce })), legacy_status_hash: null, legacy_reply_hash: null })
    .where('id', '=', inquiryId)
    .execute();
}

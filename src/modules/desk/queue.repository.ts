import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { DB, InquiryStatus, Language, Priority } from '../../db/schema.js';
import type { Staff } from '../auth/index.js';
import { visibleTo } from './access.js';
import { type Cursor, OPEN_STATUSES, type OpenStatus, PAGE_SIZE, type QueueParams } from './queue.params.js';

type EB = ExpressionBuilder<DB & { i: DB['inquiries'] }, 'i'>;

export interface QueueRow {
  id: string;
  reference: string;
  subject: string;
  outlet: string;
  country: string;
  language: Language;
  topic: string | null;
  status: InquiryStatus;
  priority: Priority;
  dueAt: Date;
  office: { code: string; name: string; timeZone: string };
  assignee: { name: string } | null;
  /** Mail to the reporter bounced (set by the inbound pipeline, cleared when they write again). */
  reporterBouncing: boolean;
  key: Cursor;
}

export interface QueueResult {
  rows: QueueRow[];
  next: Cursor | null;
  counts: Record<OpenStatus, number>;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The trigram branch helps only with 3+ characters, or with scripts the word parser cannot split. */
export const useSubstringSearch = (q: string) => Array.from(q).length >= 3 || CJK.test(q);

/** LIKE's wildcards and its escape character in the search text are literal. */
export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

const CJK_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/**
 * The substring branch of a search, on exactly the trigram indexes' expression
 * when they can serve it. pg_trgm takes nothing to look up from fewer than 3
 * characters (two Chinese ones, say): the index would be read whole and every
 * open inquiry rechecked. The same text plus '' is not the indexed expression,
 * so the planner filters the queue's own rows instead. Han, kana and Hangul
 * have no case and nothing lowercases to them, so for them LIKE finds exactly
 * what ILIKE does without lowercasing every row. (Measured in bench/README.md.)
 */
function substringMatch(q: string) {
  const pattern = `%${escapeLike(q)}%`;
  if (Array.from(q).length >= 3) {
    return sql<SqlBool>`(i.subject || ' ' || i.name || ' ' || i.outlet || ' ' || i.message) ILIKE ${pattern}`;
  }
  const text = sql<string>`(i.subject || ' ' || i.name || ' ' || i.outlet || ' ' || i.message || '')`;
  return CJK_ONLY.test(q) ? sql<SqlBool>`${text} LIKE ${pattern}` : sql<SqlBool>`${text} ILIKE ${pattern}`;
}

/**
 * Every condition of the current view and filters, always with visibleTo:
 * what the staff member may not see is never in the result, the counts or a search.
 * `officeIds` narrows to those offices (the per-office split of the page query).
 */
function conditions(eb: EB, staff: Staff, p: QueueParams, officeIds: string[] | undefined, withStatus: boolean) {
  const c: Expression<SqlBool>[] = [visibleTo(staff)(eb)];
  if (p.view === 'mine') c.push(staff.contactId ? eb('i.contact_id', '=', staff.contactId) : eb.lit(false));
  if (p.view === 'unassigned') c.push(eb('i.contact_id', 'is', null));
  if (officeIds) c.push(eb('i.office_id', 'in', officeIds));
  else if (p.office) c.push(eb('i.office_id', '=', eb.selectFrom('offices').select('offices.id').where('offices.code', '=', p.office)));
  // `status <> 'closed'` is the queue indexes' predicate: say it whenever closed ones are not asked for.
  if (withStatus && p.status) c.push(eb('i.status', '=', p.status));
  if (!withStatus || p.status !== 'closed') c.push(eb('i.status', '<>', 'closed'));
  if (p.topic) c.push(eb('i.topic', '=', p.topic));
  if (p.country) c.push(eb('i.country', '=', p.country));
  if (p.language) c.push(eb('i.language', '=', p.language));
  if (p.q) {
    const q = p.q;
    const search = [sql<SqlBool>`i.search @@ websearch_to_tsquery('simple', ${q})`];
    if (useSubstringSearch(q)) {
      search.push(substringMatch(q));
    }
    c.push(eb.or(search));
  }
  return eb.and(c);
}

/**
 * Offices to query one by one: a staff member's offices for the office views, so
 * each query walks one office's slice of the inquiries_queue index in order.
 * undefined: one query (assigned to me, or an admin's whole desk).
 */
function officeSplit(staff: Staff, p: QueueParams): string[] | undefined {
  if (staff.isAdmin || p.view === 'mine') return undefined;
  return staff.offices.filter((o) => !p.office || o.code === p.office).map((o) => o.id);
}

async function pageOf(db: Database, staff: Staff, p: QueueParams, officeIds: string[] | undefined, limit: number) {
  const after = p.after;
  const inner = db
    .selectFrom('inquiries as i')
    .select([
      'i.id',
      'i.reference',
      'i.subject',
      'i.outlet',
      'i.country',
      'i.language',
      'i.topic',
      'i.status',
      'i.priority',
      'i.due_at',
      'i.office_id',
      'i.contact_id',
      sql<boolean>`(i.reporter_bouncing_at is not null)`.as('bouncing'),
      sql<boolean>`(i.priority <> 'urgent')`.as('not_urgent'),
      // Microseconds, so the cursor is exact (a JS Date keeps milliseconds only).
      sql<string>`to_char(i.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('due_key'),
    ])
    .where((eb) => conditions(eb, staff, p, officeIds, true))
    .$if(!!after, (qb) =>
      qb.where(sql<SqlBool>`((i.priority <> 'urgent'), i.due_at, i.id) > (${after!.notUrgent}::boolean, ${after!.due}::timestamptz, ${after!.id}::uuid)`),
    )
    .orderBy(sql`(i.priority <> 'urgent')`)
    .orderBy('i.due_at')
    .orderBy('i.id')
    .limit(limit);
  // Names are joined to the page only, after the index has picked its rows.
  return db
    .selectFrom(inner.as('q'))
    .innerJoin('offices as o', 'o.id', 'q.office_id')
    .leftJoin('contacts as c', 'c.id', 'q.contact_id')
    .selectAll('q')
    .select(['o.code as office_code', 'o.name as office_name', 'o.time_zone', 'c.name as assignee_name'])
    .orderBy('q.not_urgent')
    .orderBy('q.due_at')
    .orderBy('q.id')
    .execute();
}

type PageRow = Awaited<ReturnType<typeof pageOf>>[number];

const compareKeys = (a: PageRow, b: PageRow) =>
  Number(a.not_urgent) - Number(b.not_urgent) || (a.due_key < b.due_key ? -1 : a.due_key > b.due_key ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function countsOf(db: Database, staff: Staff, p: QueueParams, officeIds: string[] | undefined) {
  const rows = await db
    .selectFrom('inquiries as i')
    .select((eb) => ['i.status', eb.fn.countAll<number>().as('n')])
    .where((eb) => conditions(eb, staff, p, officeIds, false))
    .groupBy('i.status')
    .execute();
  const counts = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenStatus, number>;
  for (const r of rows) if (r.status !== 'closed') counts[r.status] = Number(r.n);
  return counts;
}

/** One page of the queue (urgent first, then due time, then id), the next cursor, and counts per open status. */
export async function listQueue(db: Database, staff: Staff, p: QueueParams): Promise<QueueResult> {
  const split = officeSplit(staff, p);
  if (split && split.length === 0) {
    return { rows: [], next: null, counts: Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenStatus, number> };
  }
  const limit = PAGE_SIZE + 1;
  const [pages, counts] = await Promise.all([
    Promise.all((split ?? [undefined]).map((id) => pageOf(db, staff, p, id === undefined ? undefined : [id], limit))),
    countsOf(db, staff, p, split),
  ]);
  // Each office's page is in order; merged, the first PAGE_SIZE + 1 are the page and the proof of a next one.
  const merged = pages.flat().sort(compareKeys).slice(0, limit);
  const rows = merged.slice(0, PAGE_SIZE).map(
    (r): QueueRow => ({
      id: r.id,
      reference: r.reference,
      subject: r.subject,
      outlet: r.outlet,
      country: r.country,
      language: r.language,
      topic: r.topic,
      status: r.status,
      priority: r.priority,
      dueAt: r.due_at,
      office: { code: r.office_code, name: r.office_name, timeZone: r.time_zone },
      assignee: r.assignee_name === null ? null : { name: r.assignee_name },
      reporterBouncing: r.bouncing,
      key: { notUrgent: r.not_urgent, due: r.due_key, id: r.id },
    }),
  );
  const next = merged.length > PAGE_SIZE ? rows[rows.length - 1]!.key : null;
  return { rows, next, counts };
}

/** The offices an admin can filter the queue by. */
export async function activeOfficeNames(db: Executor) {
  return db.selectFrom('offices').select(['code', 'name']).where('active', '=', true).orderBy('name').execute();
}

export async function topicNames(db: Executor) {
  return db.selectFrom('topics').select(['code', 'name']).orderBy('name').execute();
}

/**
 * How many received emails wait in the quarantine for this staff member: those
 * of inquiries they may see (admins: all). One count on a partial index.
 */
export async function quarantinedCount(db: Executor, staff: Staff): Promise<number> {
  const row = staff.isAdmin
    ? await db.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('disposition', '=', 'quarantined').executeTakeFirstOrThrow()
    : await db
        .selectFrom('inbound_messages as m')
        .innerJoin('inquiries as i', 'i.id', 'm.inquiry_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('m.disposition', '=', 'quarantined')
        .where(visibleTo(staff))
        .executeTakeFirstOrThrow();
  return Number(row.n);
}

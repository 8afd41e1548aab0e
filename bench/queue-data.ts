/**
 * Bulk inquiries for the queue benchmark: N rows (default 1,000,000) across the
 * demo offices, written by Postgres itself with `insert … select … from
 * generate_series` in batches, so nothing is built in Node. Every "random"
 * choice is a hash of the row number and a seed (hashint8extended): the same
 * seed gives the same data on every run and machine.
 *
 * The spread is what a desk sees after three years: inquiries arrive evenly
 * over time (row order is arrival order, as in production); those of the last
 * three weeks are the working set (new, open, waiting, answered; some closed),
 * older ones are closed but for 0.3% stragglers. That is about 2% not closed,
 * some 5,000 for the China office at 1M (the 50th page of 50 exists). ~8%
 * urgent (due within hours), the rest due within a week of arrival;
 * ~60% assigned; countries, languages and topics per office; subjects and
 * messages in English, Chinese and Malay.
 *
 * Needs the demo directory (offices, contacts, topics: `seedDemo`).
 */
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';

export interface QueueDataOptions {
  /** How many inquiries to add (default 1,000,000). */
  count?: number;
  /** Rows per INSERT statement (default 50,000); each batch commits on its own. */
  batchSize?: number;
  /** Batches inserted at once, each on its own connection (default 2; the pool must allow it). */
  concurrency?: number;
  /** Due times are spread around this instant (default: now). */
  now?: Date;
  /** Changes every choice; also keeps references apart between runs (default 1). */
  seed?: number;
  /**
   * Drop the two search indexes during the load and build them once at the end,
   * which is much faster than maintaining them row by row (default true).
   */
  rebuildSearchIndexes?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface QueueDataResult {
  inserted: number;
  ms: number;
  /** Time spent building the search indexes (included in ms). */
  indexMs: number;
}

// Share of all inquiries per office, and what each office's inquiries look like.
const OFFICES = [
  { code: 'china', share: 0.25, countries: ['CN', 'CN', 'CN', 'CN', 'CN', 'CN', 'HK', 'TW', 'MO', 'SG'], zh: 0.6, ms: 0 },
  { code: 'malaysia', share: 0.2, countries: ['MY'], zh: 0.1, ms: 0.4 },
  { code: 'eapro', share: 0.3, countries: ['TH', 'VN', 'ID', 'PH', 'KH', 'LA', 'MM', 'MN', 'PG', 'FJ', 'TL', 'JP', 'KR', 'AU', 'NZ'], zh: 0.05, ms: 0.02 },
  { code: 'hq', share: 0.25, countries: ['US', 'GB', 'FR', 'DE', 'CH', 'KE', 'NG', 'ZA', 'BR', 'IN', 'CA', 'ES', 'IT', 'SE', 'EG'], zh: 0.01, ms: 0 },
] as const;

const SUBJECTS_EN = [
  'Child marriage figures for the region',
  'Interview request: immunisation campaign',
  'Beijing Declaration follow-up',
  'School meals programme and nutrition data',
  'Flood response and displaced children',
  'Birth registration statistics',
  'Comment on the new child protection law',
  'Photographing children in a refugee camp',
  'Measles vaccination coverage',
  'Education budget cuts and dropout rates',
  'Early childhood development report',
  'Climate change and children: interview',
];
const SUBJECTS_ZH = ['儿童保护问题', '关于疫苗接种的采访请求', '北京宣言后续进展', '农村留守儿童的教育', '儿童营养与学校午餐', '洪灾中的儿童安置', '出生登记数据', '儿童权利公约三十年'];
const SUBJECTS_MS = ['Permintaan temu bual: kempen imunisasi', 'Statistik perkahwinan kanak-kanak', 'Perlindungan kanak-kanak dan undang-undang baharu', 'Pemakanan kanak-kanak di sekolah', 'Banjir dan kanak-kanak yang dipindahkan'];
const MESSAGES_EN = [
  'I am writing a story on this for tomorrow and would like a comment from your office, or figures I can quote.',
  'Could someone in your office explain the latest data and suggest an expert to interview this week?',
  'We are preparing a broadcast segment and would like to film at a programme site, with consent from families.',
  'Is there a spokesperson available for a short phone interview before our evening deadline?',
];
const MESSAGES_ZH = ['我们正在撰写相关报道，希望贵办公室能提供最新数据或安排采访。', '请问能否安排发言人接受电话采访？我们的截稿时间是今天下午。'];
const MESSAGES_MS = ['Kami sedang menyediakan laporan dan ingin mendapatkan ulasan daripada pejabat anda.', 'Bolehkah jurucakap anda ditemu bual melalui telefon sebelum tarikh akhir kami?'];
const NAMES = ['Mei Ling Tan', 'Li Wei', 'Zhang Xiaoming', 'Nur Aisyah', 'Ahmad Faiz', 'Somchai P.', 'Nguyen Thi Lan', 'Maria Santos', 'John Carter', 'Amélie Dubois', 'Hans Weber', 'Priya Nair', 'Chen Jing', 'Siti Rahmah', 'Kenji Sato'];
const OUTLETS = ['The Star', 'Xinhua', 'Caixin', 'Southern Weekly', 'Berita Harian', 'Malaysiakini', 'Bangkok Post', 'VnExpress', 'Reuters', 'AFP', 'BBC News', 'The Guardian', 'Le Monde', 'ABC Australia', 'NHK'];
const OUTLET_TYPES = ['newspaper', 'magazine', 'broadcast', 'online', 'agency', 'freelance', 'other'];

/** Adds `count` inquiries for the queue benchmark; see the file comment. */
export async function generateQueueData(db: Database, opts: QueueDataOptions = {}): Promise<QueueDataResult> {
  const count = opts.count ?? 1_000_000;
  const batchSize = opts.batchSize ?? 50_000;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const now = opts.now ?? new Date();
  const seed = opts.seed ?? 1;
  const rebuild = opts.rebuildSearchIndexes ?? true;
  const started = performance.now();

  const officeRows = await db.selectFrom('offices').select(['id', 'code']).execute();
  const memberRows = await db.selectFrom('office_members').select(['office_id', 'contact_id']).execute();
  const topics = (await db.selectFrom('topics').select('code').orderBy('code').execute()).map((t) => t.code);
  const offices = OFFICES.map((o, idx) => {
    const id = officeRows.find((r) => r.code === o.code)?.id;
    if (!id) throw new Error(`generateQueueData: office '${o.code}' is missing; run the demo seed first`);
    const contacts = memberRows.filter((m) => m.office_id === id).map((m) => m.contact_id);
    return { idx, id, countries: o.countries, contacts: contacts.length ? contacts : [null], zh: o.zh, ms: o.ms };
  });
  // width_bucket() over the cumulative shares picks the office.
  const bounds: number[] = [];
  OFFICES.slice(0, -1).reduce((acc, o) => (bounds.push(acc + o.share), acc + o.share), 0);
  // References stay unique across runs with different seeds: PD-<year>-B<seed>-<n>.
  const refPrefix = `PD-${now.getUTCFullYear()}-B${seed}-`;

  if (rebuild) {
    await sql`drop index if exists inquiries_search`.execute(db);
    await sql`drop index if exists inquiries_search_trgm`.execute(db);
  }
  let done = 0;
  let indexMs = 0;
  const starts: number[] = [];
  for (let start = 1; start <= count; start += batchSize) starts.push(start);
  try {
    // Computing the generated search column is most of the cost: spread it over connections (and cores).
    const lanes = Array.from({ length: Math.min(concurrency, starts.length) }, async () => {
      for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
        const end = Math.min(count, start + batchSize - 1);
        await insertBatch(db, { start, end, total: count, seed, now, offices, bounds, topics, refPrefix });
        done += end - start + 1;
        opts.onProgress?.(done, count);
      }
    });
    // Every lane stops before the indexes are rebuilt, even when one failed.
    const failed = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    // Rebuilt even when a batch failed, so the schema is whole again.
    if (rebuild) indexMs = await buildSearchIndexes(db);
  }
  // Fresh statistics (or the planner would judge the queue by an empty table),
  // and the visibility map a table settled by autovacuum would have.
  await sql`vacuum analyze inquiries`.execute(db);
  return { inserted: done, ms: Math.round(performance.now() - started), indexMs: Math.round(indexMs) };
}

async function buildSearchIndexes(db: Database): Promise<number> {
  const t0 = performance.now();
  // The index definitions of migration 0005, each built in one pass with plenty of
  // memory, both at once on two connections (the trigram one takes the longest).
  const build = (ddl: ReturnType<typeof sql.raw>) =>
    db.connection().execute(async (conn) => {
      await sql`set maintenance_work_mem = '512MB'`.execute(conn);
      // Postgres 18 builds GIN indexes in parallel; older versions ignore this for GIN.
      await sql`set max_parallel_maintenance_workers = 2`.execute(conn);
      try {
        await ddl.execute(conn);
      } finally {
        await sql`reset all`.execute(conn);
      }
    });
  await Promise.all([
    build(sql.raw(`create index if not exists inquiries_search_trgm on inquiries using gin ((subject || ' ' || name || ' ' || outlet || ' ' || message) gin_trgm_ops)`)),
    build(sql.raw('create index if not exists inquiries_search on inquiries using gin (search)')),
  ]);
  return performance.now() - t0;
}

interface Batch {
  start: number;
  end: number;
  total: number;
  seed: number;
  now: Date;
  offices: { idx: number; id: string; countries: readonly string[]; contacts: (string | null)[]; zh: number; ms: number }[];
  bounds: number[];
  topics: string[];
  refPrefix: string;
}

async function insertBatch(db: Database, b: Batch) {
  // r(k): a uniform number in [0, 1) from the row number and the seed.
  const r = (k: number) => sql.raw(`((hashint8extended(g, ${b.seed * 100 + k}) & 2147483647)::float8 / 2147483648)`);
  const arr = (list: readonly string[]) => sql`${list}::text[]`;
  await sql`
    with o as (
      select * from jsonb_to_recordset(${JSON.stringify(b.offices)}::jsonb)
        as x(idx int, id uuid, countries text[], contacts uuid[], zh float8, ms float8)
    ),
    rows as (
      select g,
             ${r(1)} as r_office, ${r(2)} as r_country, ${r(3)} as r_assigned, ${r(4)} as r_contact,
             ${r(5)} as r_status, ${r(6)} as r_priority, ${r(7)} as r_due, ${r(8)} as r_lang,
             ${r(9)} as r_subject, ${r(10)} as r_message, ${r(11)} as r_name, ${r(12)} as r_outlet,
             ${r(13)} as r_topic, ${r(14)} as r_type
        from generate_series(${b.start}::bigint, ${b.end}::bigint) as g
    ),
    -- In row order, oldest first, over three years: the newest rows end up
    -- together at the end of the table, as they would in production.
    dated as (
      select rows.*,
             ${b.now}::timestamptz - (${b.total}::bigint - g)::float8 / ${b.total} * interval '1095 days' as created_at
        from rows
    ),
    picked as (
      select dated.*, o.id as office_id,
             o.countries[1 + floor(r_country * cardinality(o.countries))::int] as country,
             case when r_assigned < 0.6 then o.contacts[1 + floor(r_contact * cardinality(o.contacts))::int] end as contact_id,
             -- The last three weeks are the working set: this week's mostly new and open,
             -- older ones mostly waiting on the reporter or answered. Before that,
             -- closed but for a few stragglers.
             case when created_at > ${b.now}::timestamptz - interval '7 days' then
                    case when r_status < 0.35 then 'new' when r_status < 0.65 then 'open' when r_status < 0.8 then 'waiting'
                         when r_status < 0.95 then 'answered' else 'closed' end
                  when created_at > ${b.now}::timestamptz - interval '21 days' then
                    case when r_status < 0.03 then 'new' when r_status < 0.1 then 'open' when r_status < 0.35 then 'waiting'
                         when r_status < 0.8 then 'answered' else 'closed' end
                  else case when r_status < 0.997 then 'closed' when r_status < 0.9985 then 'answered' else 'waiting' end
             end as status,
             case when r_lang < o.zh then 'zh' when r_lang < o.zh + o.ms then 'ms' else 'en' end as language
        from dated join o on o.idx = width_bucket(r_office, ${b.bounds}::float8[])
    ),
    shaped as (
      select picked.*,
             case when r_priority < 0.08 then 'urgent' else 'normal' end as priority,
             -- Urgent: due within hours (a reporter's deadline); otherwise within a week.
             created_at + case when r_priority < 0.08 then (1 + r_due * 7) * interval '1 hour'
                               else (8 + r_due * 160) * interval '1 hour' end as due_at,
             case language
               when 'zh' then (${arr(SUBJECTS_ZH)})[1 + floor(r_subject * ${SUBJECTS_ZH.length})::int]
               when 'ms' then (${arr(SUBJECTS_MS)})[1 + floor(r_subject * ${SUBJECTS_MS.length})::int]
               else (${arr(SUBJECTS_EN)})[1 + floor(r_subject * ${SUBJECTS_EN.length})::int] end as subject,
             (${arr(NAMES)})[1 + floor(r_name * ${NAMES.length})::int] as name,
             (${arr(OUTLETS)})[1 + floor(r_outlet * ${OUTLETS.length})::int] as outlet
        from picked
    )
    insert into inquiries (reference, link_nonce, status, priority, office_id, contact_id, routing, due_at,
                           name, email, outlet, outlet_type, country, language, topic, subject, message,
                           privacy_notice_version, consented_at, source, created_at, updated_at)
    select ${b.refPrefix} || g,
           'bench-' || ${b.seed}::text || '-' || g,
           status,
           priority,
           office_id,
           contact_id,
           '{"reasons":["generated for the queue benchmark"],"decidedAt":"2026-01-01T00:00:00Z"}'::jsonb,
           due_at,
           name,
           lower(replace(split_part(name, ' ', 1), '.', '')) || '.' || g || '@' || lower(replace(outlet, ' ', '')) || '.example.com',
           outlet,
           (${arr(OUTLET_TYPES)})[1 + floor(r_type * ${OUTLET_TYPES.length})::int],
           country,
           language,
           case when r_topic < 0.7 then (${arr(b.topics)})[1 + floor(r_topic / 0.7 * ${b.topics.length})::int] end,
           subject,
           case language
             when 'zh' then (${arr(MESSAGES_ZH)})[1 + floor(r_message * ${MESSAGES_ZH.length})::int]
             when 'ms' then (${arr(MESSAGES_MS)})[1 + floor(r_message * ${MESSAGES_MS.length})::int]
             else (${arr(MESSAGES_EN)})[1 + floor(r_message * ${MESSAGES_EN.length})::int] end || ' (' || subject || ', ref ' || g || ')',
           'bench',
           created_at,
           'api',
           created_at,
           created_at
      from shaped`.execute(db);
}

import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MIGRATION_TABLES, publicColumns, type ColumnInfo } from './introspect.js';

// The column names of every table in DB, spelled out. `satisfies` refuses a
// name that DB does not have; the checks below refuse a DB column left out.
// So this list is exactly DB's, and the test compares it with Postgres.
const columns = {
  offices: ['id', 'code', 'name', 'city', 'time_zone', 'kind', 'parent_id', 'email', 'response_target_hours', 'active', 'created_at', 'duty_contact_id', 'mail_display_name'],
  office_countries: ['country', 'office_id'],
  contacts: ['id', 'office_id', 'name', 'title', 'email', 'phone', 'languages', 'position', 'active', 'created_at'],
  topics: ['code', 'name'],
  articles: ['id', 'slug', 'title', 'subtitle', 'dateline', 'body', 'body_html', 'language', 'published_at', 'created_at', 'updated_at'],
  article_contacts: ['article_id', 'contact_id', 'position'],
  article_links: ['article_id', 'position', 'label', 'url'],
  inquiries: [
    'id', 'reference', 'link_nonce', 'status_hash', 'reply_hash', 'staff_reply_hash', 'legacy_status_hash', 'legacy_reply_hash', 'status', 'priority', 'office_id', 'contact_id', 'routing', 'due_at', 'name', 'email', 'phone',
    'outlet', 'outlet_type', 'country', 'language', 'topic', 'article_id', 'subject', 'message', 'deadline', 'involves_children',
    'privacy_notice_version', 'consented_at', 'source', 'created_at', 'updated_at', 'first_response_at', 'version', 'search',
    'reporter_bouncing_at', 'reporter_bounce_reason', 'holding_note_sent_at', 'follows_inquiry_id',
  ],
  inquiry_events: ['id', 'inquiry_id', 'kind', 'data', 'created_at'],
  idempotency_keys: ['key', 'request_hash', 'inquiry_id', 'response_status', 'response_body', 'created_at'],
  emails: [
    'id', 'inquiry_id', 'kind', 'message_id', 'from_name', 'from_address', 'to_address', 'reply_to', 'subject', 'html', 'text',
    'template', 'headers', 'status', 'attempts', 'last_error', 'raw', 'created_at', 'sent_at',
  ],
  office_hours: ['office_id', 'weekday', 'opens', 'closes'],
  office_holidays: ['id', 'office_id', 'starts_on', 'ends_on', 'name'],
  office_members: ['office_id', 'contact_id', 'role'],
  contact_topics: ['contact_id', 'topic'],
  out_of_office: ['id', 'contact_id', 'starts_at', 'ends_at', 'note'],
  routing_rules: ['id', 'position', 'name', 'enabled', 'conditions', 'office_id', 'contact_id', 'created_at', 'updated_at'],
  inquiry_escalations: ['inquiry_id', 'step', 'created_at'],
  api_tokens: ['id', 'name', 'token_hash', 'role', 'created_at', 'revoked_at'],
  directory_version: ['id', 'version'],
  staff_users: ['id', 'email', 'name', 'password_hash', 'is_admin', 'contact_id', 'notify', 'active', 'created_at'],
  staff_sessions: ['id_hash', 'user_id', 'csrf_token', 'created_at', 'last_seen_at', 'expires_at'],
  sign_in_links: ['token_hash', 'user_id', 'expires_at', 'used_at'],
  audit_log: ['id', 'at', 'actor_id', 'action', 'target_type', 'target_id', 'detail', 'client_hash'],
  canned_answers: ['id', 'office_id', 'title', 'body', 'updated_at'],
  desk_presence: ['inquiry_id', 'user_id', 'kind', 'at'],
  staff_digest_items: ['id', 'user_id', 'inquiry_id', 'kind', 'created_at'],
  rate_limits: ['key', 'points', 'expire'],
  share_secrets: ['name', 'value', 'created_at'],
  shares: ['id', 'article_id', 'sender_hash', 'client_hash', 'language', 'via', 'recipients', 'created_at'],
  share_recipients: ['share_id', 'address_hash', 'unsubscribe_hash'],
  share_opt_outs: ['address_hash', 'created_at'],
  altcha_solutions: ['challenge_id', 'expires_at', 'request_hash'],
  inquiry_reporter_addresses: ['inquiry_id', 'address', 'added_by', 'created_at'],
  inbound_messages: [
    'id', 'message_id', 'received_at', 'via', 'envelope_from', 'recipient', 'from_address', 'from_name', 'subject', 'kind', 'disposition',
    'reason', 'inquiry_id', 'side', 'matched_by', 'authentication', 'visible_text', 'full_text', 'raw_gzip', 'raw_bytes', 'handled_by', 'handled_at',
  ],
  attachments: ['id', 'inquiry_id', 'inbound_message_id', 'email_id', 'source', 'filename', 'content_type', 'size', 'sha256', 'content', 'created_at'],
  worker_heartbeats: ['worker_id', 'beat_at'],
} as const satisfies { [T in keyof DB]: readonly (keyof DB[T])[] };

type Row<T extends keyof DB> = Selectable<DB[T]>;
/** Columns whose selected type admits null (an `unknown` JSON column says nothing either way, so it is left out). */
type NullableColumn<T extends keyof DB> = {
  [K in keyof Row<T>]-?: unknown extends Row<T>[K] ? never : null extends Row<T>[K] ? K : never;
}[keyof Row<T>];
type UnknownColumn<T extends keyof DB> = { [K in keyof Row<T>]-?: unknown extends Row<T>[K] ? K : never }[keyof Row<T>];

// The nullable columns of each table, likewise exactly those DB's types allow to be null.
const nullable = {
  offices: ['parent_id', 'duty_contact_id', 'mail_display_name'],
  office_countries: [],
  contacts: ['phone'],
  topics: [],
  articles: ['subtitle', 'body_html', 'published_at'],
  article_contacts: [],
  article_links: [],
  inquiries: [
    'contact_id', 'phone', 'outlet_type', 'topic', 'article_id', 'deadline', 'first_response_at', 'search',
    'status_hash', 'reply_hash', 'staff_reply_hash', 'legacy_status_hash', 'legacy_reply_hash',
    'reporter_bouncing_at', 'reporter_bounce_reason', 'holding_note_sent_at', 'follows_inquiry_id',
  ],
  inquiry_events: [],
  idempotency_keys: ['inquiry_id'],
  emails: ['inquiry_id', 'reply_to', 'html', 'text', 'template', 'last_error', 'raw', 'sent_at'],
  office_hours: [],
  office_holidays: [],
  office_members: [],
  contact_topics: [],
  out_of_office: ['note'],
  routing_rules: ['contact_id'],
  inquiry_escalations: [],
  api_tokens: ['revoked_at'],
  directory_version: [],
  staff_users: ['password_hash', 'contact_id'],
  staff_sessions: [],
  sign_in_links: ['used_at'],
  audit_log: ['actor_id', 'target_type', 'target_id', 'client_hash'],
  canned_answers: [],
  desk_presence: [],
  staff_digest_items: [],
  rate_limits: ['expire'],
  share_secrets: [],
  shares: [],
  share_recipients: [],
  share_opt_outs: [],
  altcha_solutions: ['request_hash'],
  inquiry_reporter_addresses: ['added_by'],
  inbound_messages: ['envelope_from', 'from_name', 'reason', 'inquiry_id', 'side', 'matched_by', 'handled_by', 'handled_at'],
  attachments: ['inquiry_id', 'inbound_message_id', 'email_id'],
  worker_heartbeats: [],
} as const satisfies { [T in keyof DB]: readonly NullableColumn<T>[] };

// Compile-time exhaustiveness: each type is `true` only when nothing is left out,
// otherwise it is the "table.column" names missing above, and tsc fails on the assignment.
type Exhaustive<Missing> = [Missing] extends [never] ? true : Missing;
type MissingColumns = { [T in keyof DB]: `${T}.${Exclude<keyof DB[T], (typeof columns)[T][number]> & string}` }[keyof DB];
type MissingNullable = { [T in keyof DB]: `${T}.${Exclude<NullableColumn<T>, (typeof nullable)[T][number]> & string}` }[keyof DB];
type MissingTables = Exclude<keyof DB, keyof typeof columns>;
const allColumnsListed: Exhaustive<MissingColumns> = true;
const allNullableListed: Exhaustive<MissingNullable> = true;
const allTablesListed: Exhaustive<MissingTables> = true;

// JSON columns typed `unknown` cannot say whether they are nullable; they are named so that is a choice, not an accident.
const unknownTyped = { idempotency_keys: ['response_body'] } as const;
type UnknownListed = { [T in keyof typeof unknownTyped]: (typeof unknownTyped)[T][number] };
type MissingUnknown = { [T in keyof DB]: `${T}.${Exclude<UnknownColumn<T>, T extends keyof UnknownListed ? UnknownListed[T] : never> & string}` }[keyof DB];
const allUnknownListed: Exhaustive<MissingUnknown> = true;

let tdb: TestDatabase;
let live: ColumnInfo[];
beforeAll(async () => {
  tdb = await createTestDatabase();
  live = await publicColumns(tdb.db);
});
afterAll(async () => {
  await tdb.drop();
});

describe('src/db/schema.ts matches the migrated database', () => {
  it('the compile-time checks hold (tsc fails the build otherwise)', () => {
    expect([allColumnsListed, allNullableListed, allTablesListed, allUnknownListed]).toEqual([true, true, true, true]);
  });

  it('every table in the public schema, except Kysely\'s migration tables, is in DB, and every DB table exists', () => {
    const tables = [...new Set(live.map((c) => c.table))].filter((t) => !MIGRATION_TABLES.includes(t)).sort();
    expect(tables).toEqual(Object.keys(columns).sort());
  });

  it.each(Object.keys(columns) as (keyof DB)[])('%s: the column names are exactly those of DB', (table) => {
    const actual = live.filter((c) => c.table === table).map((c) => c.column).sort();
    expect(actual).toEqual([...columns[table]].sort());
  });

  it.each(Object.keys(nullable) as (keyof DB)[])('%s: the nullable columns are exactly those typed `| null`', (table) => {
    const unknownCols: readonly string[] = (unknownTyped as Record<string, readonly string[]>)[table] ?? [];
    const actual = live
      .filter((c) => c.table === table && c.nullable && !unknownCols.includes(c.column))
      .map((c) => c.column)
      .sort();
    expect(actual).toEqual([...nullable[table]].sort());
  });

  it('a column typed `unknown` in DB is NOT NULL in the database (the type does not say so)', () => {
    for (const [table, cols] of Object.entries(unknownTyped)) {
      for (const col of cols) expect(live.find((c) => c.table === table && c.column === col)?.nullable, `${table}.${col}`).toBe(false);
    }
  });
});

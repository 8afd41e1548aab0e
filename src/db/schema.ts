import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

// Kept in step with db/migrations by hand; tests/db/schema.test.ts compares
// these column lists with the live database so drift fails CI.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type OfficeKind = 'country' | 'regional' | 'head';
export type Language = 'en' | 'zh' | 'ms';
export type InquiryStatus = 'new' | 'open' | 'waiting' | 'answered' | 'closed';
export type Priority = 'urgent' | 'normal';
export type EmailStatus = 'queued' | 'sent' | 'captured' | 'failed';

export interface OfficesTable {
  id: Generated<string>;
  code: string;
  name: string;
  city: string;
  time_zone: string;
  kind: OfficeKind;
  parent_id: string | null;
  email: string;
  response_target_hours: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
  duty_contact_id: string | null;
}

export interface OfficeCountriesTable {
  country: string;
  office_id: string;
}

export interface ContactsTable {
  id: Generated<string>;
  office_id: string;
  name: string;
  title: string;
  email: string;
  phone: string | null;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface TopicsTable {
  code: string;
  name: string;
}

export interface ArticlesTable {
  id: Generated<string>;
  slug: string;
  title: string;
  subtitle: string | null;
  dateline: string;
  body: string;
  language: Generated<string>;
  published_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleContactsTable {
  article_id: string;
  contact_id: string;
  position: Generated<number>;
}

export interface ArticleLinksTable {
  article_id: string;
  position: number;
  label: string;
  url: string;
}

export interface RoutingRecord {
  reasons: string[];
  decidedAt: string;
}

export interface InquiriesTable {
  id: Generated<string>;
  reference: string;
  status_token: string;
  status: Generated<InquiryStatus>;
  priority: Priority;
  office_id: string;
  contact_id: string | null;
  routing: Json<RoutingRecord>;
  due_at: Timestamp;
  name: string;
  email: string;
  phone: string | null;
  outlet: string;
  outlet_type: string | null;
  country: string;
  language: Language;
  topic: string | null;
  article_id: string | null;
  subject: string;
  message: string;
  deadline: NullableTimestamp;
  involves_children: Generated<boolean>;
  first_response_at: NullableTimestamp;
  privacy_notice_version: string;
  consented_at: Timestamp;
  source: 'api' | 'form';
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InquiryEventsTable {
  id: Generated<string>;
  inquiry_id: string;
  kind: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  inquiry_id: string | null;
  response_status: number;
  response_body: Json<unknown>;
  created_at: Timestamp;
}

export interface EmailsTable {
  id: Generated<string>;
  inquiry_id: string | null;
  kind: string;
  message_id: string;
  from_name: string;
  from_address: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Json<Record<string, string>>;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  raw: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface OfficeHoursTable {
  office_id: string;
  weekday: number;
  /** 'HH:MM:SS' in the office's time zone. */
  opens: string;
  closes: string;
}

export interface OfficeHolidaysTable {
  id: Generated<string>;
  office_id: string;
  /** 'YYYY-MM-DD', inclusive, in the office's time zone. */
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  name: string;
}

export type MemberRole = 'officer' | 'lead';

export interface OfficeMembersTable {
  office_id: string;
  contact_id: string;
  role: Generated<MemberRole>;
}

export interface ContactTopicsTable {
  contact_id: string;
  topic: string;
}

export interface OutOfOfficeTable {
  id: Generated<string>;
  contact_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string | null;
}

export interface RuleConditions {
  countries?: string[];
  languages?: Language[];
  topics?: string[];
  outletTypes?: string[];
  keywords?: string[];
}

export interface RoutingRulesTable {
  id: Generated<string>;
  position: number;
  name: string;
  enabled: Generated<boolean>;
  conditions: Json<RuleConditions>;
  office_id: string;
  contact_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InquiryEscalationsTable {
  inquiry_id: string;
  step: number;
  created_at: Timestamp;
}

export type TokenRole = 'admin' | 'integrator';

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  role: TokenRole;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface DirectoryVersionTable {
  id: Generated<boolean>;
  version: Generated<number>;
}

export interface DB {
  offices: OfficesTable;
  office_countries: OfficeCountriesTable;
  contacts: ContactsTable;
  topics: TopicsTable;
  articles: ArticlesTable;
  article_contacts: ArticleContactsTable;
  article_links: ArticleLinksTable;
  inquiries: InquiriesTable;
  inquiry_events: InquiryEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  emails: EmailsTable;
  office_hours: OfficeHoursTable;
  office_holidays: OfficeHolidaysTable;
  office_members: OfficeMembersTable;
  contact_topics: ContactTopicsTable;
  out_of_office: OutOfOfficeTable;
  routing_rules: RoutingRulesTable;
  inquiry_escalations: InquiryEscalationsTable;
  api_tokens: ApiTokensTable;
  directory_version: DirectoryVersionTable;
}

export type Office = Selectable<OfficesTable>;
export type Contact = Selectable<ContactsTable>;
export type Article = Selectable<ArticlesTable>;
export type Inquiry = Selectable<InquiriesTable>;
export type NewInquiry = Insertable<InquiriesTable>;
export type Email = Selectable<EmailsTable>;
export type NewEmail = Insertable<EmailsTable>;

import { DateTime } from 'luxon';
import type { z } from '@hono/zod-openapi';
import type { FieldError } from '../../lib/problem.js';
import { SINGLE_LINE_RULE } from '../../lib/text-fields.js';
import type { LimitCheck } from '../attachments/index.js';
import type { Lang } from '../../web/i18n.js';
import type { FormField } from '../../web/messages/inquiry-form.js';
import { FORM_TOKEN_FIELD } from './form-token.js';
import { INTAKE_RULES } from './inquiries.errors.js';
import { countryTimeZone, isTimeZone } from './inquiry-form.options.js';

// The form's side of intake, free of HTTP: what was typed (kept to show it
// again), the body the API's schema validates, and the form's own errors.
// Business rules stay in InquiryInputSchema and createInquiry.

/** The honeypot: humans leave it empty (the page says so); simple bots fill every field. */
export const HONEYPOT = 'website';
/** The deadline's zone choice meaning "my country's time". */
export const COUNTRY_ZONE = 'country';

export interface FormValues {
  name: string;
  email: string;
  phone: string;
  outlet: string;
  outletType: string;
  country: string;
  language: string;
  topic: string;
  subject: string;
  message: string;
  deadlineDate: string;
  deadlineTime: string;
  deadlineZone: string;
  /** '' until the reporter answers. */
  involvesChildren: '' | 'yes' | 'no';
  consent: boolean;
  articleSlug: string;
  honeypot: string;
  /** The form's one-time token (form-token.ts); '' when the page had none. */
  formToken: string;
}

export type ErrorCode =
  | 'required'
  | 'invalid'
  | 'tooLong'
  | 'singleLine'
  | 'deadlinePast'
  | 'deadlineDate'
  | 'deadlineTime'
  | 'deadlineZone'
  | 'tooManyFiles'
  | 'fileTooLarge'
  | 'filesTooLarge';

export interface FormError {
  field: FormField;
  code: ErrorCode;
  max?: number;
  /** The file an error is about (its name as sent; the page escapes it). */
  filename?: string;
}

/** The attachment limit the form's files broke, as the error the page words in its language. */
export function filesError(broken: Exclude<LimitCheck, { ok: true }>): FormError {
  switch (broken.code) {
    case 'files_per_message':
      return { field: 'files', code: 'tooManyFiles', max: broken.limit };
    case 'bytes_per_file':
      return { field: 'files', code: 'fileTooLarge', max: broken.limit, filename: broken.filename ?? '' };
    default:
      return { field: 'files', code: 'filesTooLarge', max: broken.limit };
  }
}

type Body = Record<string, string | File | (string | File)[]>;

function text(body: Body, name: string, max = 20_000): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  // Bounded, so a huge field cannot make the page that shows it again huge.
  return typeof first === 'string' ? first.slice(0, max) : '';
}

/** What the reporter typed, as strings (nothing trusted yet). */
export function readForm(body: Body, pageLang: Lang): FormValues {
  const children = text(body, 'involvesChildren');
  return {
    name: text(body, 'name'),
    email: text(body, 'email'),
    phone: text(body, 'phone'),
    outlet: text(body, 'outlet'),
    outletType: text(body, 'outletType'),
    country: text(body, 'country'),
    language: text(body, 'language') || pageLang,
    topic: text(body, 'topic'),
    subject: text(body, 'subject'),
    message: text(body, 'message'),
    deadlineDate: text(body, 'deadlineDate'),
    deadlineTime: text(body, 'deadlineTime'),
    deadlineZone: text(body, 'deadlineZone') || COUNTRY_ZONE,
    involvesChildren: children === 'yes' || children === 'no' ? children : '',
    consent: text(body, 'consent') === 'yes',
    articleSlug: text(body, 'articleSlug'),
    honeypot: text(body, HONEYPOT),
    formToken: text(body, FORM_TOKEN_FIELD, 100),
  };
}

export function emptyForm(pageLang: Lang, articleSlug = ''): FormValues {
  return readForm({ articleSlug }, pageLang);
}

export interface Deadline {
  /** ISO 8601 with the zone's offset, e.g. 2026-12-02T17:00:00+08:00. */
  iso: string;
  zone: string;
}

/** The deadline the reporter gave in their own zone, as an instant; null when they gave none. */
export function readDeadline(v: FormValues): Deadline | null | FormError {
  const date = v.deadlineDate.trim();
  const time = v.deadlineTime.trim();
  if (!date && !time) return null;
  if (!date) return { field: 'deadline', code: 'deadlineDate' };
  if (!time) return { field: 'deadline', code: 'deadlineTime' };
  const zone = v.deadlineZone === COUNTRY_ZONE ? countryTimeZone(v.country.trim() || 'XX') : v.deadlineZone;
  if (!isTimeZone(zone)) return { field: 'deadline', code: 'deadlineZone' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(?::\d{2})?$/.test(time)) return { field: 'deadline', code: 'invalid' };
  const at = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!at.isValid) return { field: 'deadline', code: 'invalid' };
  return { iso: at.toISO({ suppressMilliseconds: true })!, zone };
}

/** The body for InquiryInputSchema: optional fields left out when empty, so the API's rules apply unchanged. */
export function toInquiryBody(v: FormValues, deadline: Deadline | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: v.name,
    email: v.email.trim(),
    outlet: v.outlet,
    country: v.country.trim(),
    subject: v.subject,
    message: v.message,
    consent: v.consent,
    language: v.language,
    involvesChildren: v.involvesChildren === 'yes',
  };
  if (v.phone.trim()) body.phone = v.phone.trim();
  if (v.topic) body.topic = v.topic;
  if (v.outletType) body.outletType = v.outletType;
  if (v.articleSlug) body.articleSlug = v.articleSlug;
  if (deadline) body.deadline = deadline.iso;
  return body;
}

const FIELDS: readonly FormField[] = [
  'name',
  'email',
  'phone',
  'outlet',
  'outletType',
  'country',
  'language',
  'topic',
  'subject',
  'message',
  'files',
  'deadline',
  'involvesChildren',
  'consent',
  'articleSlug',
];

function typed(v: FormValues, field: FormField): string {
  switch (field) {
    case 'deadline':
      return v.deadlineDate + v.deadlineTime;
    case 'consent':
      return v.consent ? 'yes' : '';
    case 'files':
      return '';
    default:
      return String(v[field] ?? '');
  }
}

/** A refused field, read from structured data (an issue's code and params, a field error's rule), never from its English words. */
export interface Refusal {
  field: string;
  /** The length limit when the text was too long. */
  max?: number;
  /** The check that failed when it has a name (SINGLE_LINE_RULE, INTAKE_RULES). */
  rule?: string;
}

/** The schema's issues as refusals. */
export function schemaRefusals(issues: z.ZodError['issues']): Refusal[] {
  return issues.map((i) => ({
    field: i.path.join('.'),
    ...(i.code === 'too_big' ? { max: Number(i.maximum) } : {}),
    ...(i.code === 'custom' && typeof i.params?.rule === 'string' ? { rule: i.params.rule } : {}),
  }));
}

/** The use case's field errors (deadline in the past, unknown topic, release gone) as refusals. */
export function intakeRefusals(errors: FieldError[]): Refusal[] {
  return errors.map((e) => ({ field: e.field, ...(e.rule ? { rule: e.rule } : {}) }));
}

/** Refusals as codes the page words in its own language. An empty field is "required" whatever the rule said. */
export function toFormErrors(refusals: Refusal[], v: FormValues): FormError[] {
  const out: FormError[] = [];
  for (const r of refusals) {
    const field = (FIELDS as readonly string[]).includes(r.field) ? (r.field as FormField) : null;
    if (!field || out.some((o) => o.field === field)) continue;
    if (field === 'consent' || !typed(v, field).trim()) out.push({ field, code: 'required' });
    else if (r.max !== undefined) out.push({ field, code: 'tooLong', max: r.max });
    else if (r.rule === SINGLE_LINE_RULE) out.push({ field, code: 'singleLine' });
    else if (field === 'deadline' && r.rule === INTAKE_RULES.deadlinePast) out.push({ field, code: 'deadlinePast' });
    else out.push({ field, code: 'invalid' });
  }
  return out;
}

/** Errors in the order of the fields on the page, so the summary reads top to bottom. */
export function inPageOrder(errors: FormError[]): FormError[] {
  return [...errors].sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
}

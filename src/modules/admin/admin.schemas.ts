import { z } from '@hono/zod-openapi';
import { CONTROL, singleLine as line } from '../../lib/text-fields.js';
import { DateTime } from 'luxon';
import { isCountryCode } from '../../lib/countries.js';
import { problemResponses } from '../../lib/openapi.js';
import { authErrors } from '../auth/index.js';
import { LANGUAGES } from '../../lib/languages.js';
import { OUTLET_TYPES } from '../inquiries/index.js';
import { canonicalTimeZone } from './admin.validation.js';

// Request bodies are strict objects at every level: an unknown field is a 422
// naming it, never silently dropped (a typo like "enable" must not pass).

// An empty patch is reported only when nothing else is wrong ({ "position": 1 } is an unknown field, not an empty patch).
const onlyIfValid = (payload: { issues: unknown[] }) => payload.issues.length === 0;

const unique = <T>(list: T[]) => [...new Set(list)];

export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as MY')
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'is not an ISO 3166-1 country code')
  .openapi({ example: 'MY' });

export const OfficeCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be an office code: lower-case letters, digits and dashes, e.g. malaysia')
  .openapi({ example: 'malaysia' });

const ContactId = z.uuid({ message: 'must be a contact id (a UUID)' });

const TimeZone = z
  .string()
  .max(64)
  .transform((v, ctx) => {
    const zone = canonicalTimeZone(v);
    if (!zone) ctx.addIssue({ code: 'custom', message: `'${v}' is not an IANA time zone such as Asia/Kuala_Lumpur` });
    return zone ?? v;
  })
  .openapi({ example: 'Asia/Kuala_Lumpur' });

const WEEKDAY = 'must be a whole number from 1 (Monday) to 7 (Sunday)';
const Weekday = z.number({ message: WEEKDAY }).int({ message: WEEKDAY }).min(1, WEEKDAY).max(7, WEEKDAY);

const HHMM = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, "must be a time 'HH:MM' from 00:00 to 23:59").openapi({ example: '08:30' });

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'")
  .refine((v) => DateTime.fromISO(v, { zone: 'utc' }).isValid, 'is not a calendar date')
  .openapi({ example: '2026-12-25' });

const DateTimeWithOffset = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-05T10:00:00+08:00' });

export const ConditionsSchema = z
  .strictObject({
    countries: z.array(CountryCode).max(300).transform(unique).optional(),
    languages: z.array(z.enum(LANGUAGES)).transform(unique).optional(),
    topics: z.array(z.string().min(1).max(48)).max(100).transform(unique).optional(),
    outletTypes: z.array(z.enum(OUTLET_TYPES)).transform(unique).optional(),
    keywords: z.array(line(100)).max(100).transform(unique).optional(),
  })
  .openapi('RuleConditions', {
    description: 'Every kind present must match (AND); any value within a kind is enough (OR). Empty: matches every inquiry.',
  });

const ruleFields = {
  name: line(200).openapi({ example: 'Chinese-language media in Singapore' }),
  conditions: ConditionsSchema,
  office: OfficeCode,
  contactId: ContactId.nullable().optional().openapi({ description: 'A member of the office the rule prefers' }),
  enabled: z.boolean().optional(),
};

export const RuleInputSchema = z
  .strictObject({
    ...ruleFields,
    position: z.number().int().min(1).optional().openapi({ description: '1-based place in the priority order; the end when absent' }),
  })
  .openapi('RoutingRuleInput');
export type RuleInput = z.infer<typeof RuleInputSchema>;

export const RulePatchSchema = z
  .strictObject({
    name: ruleFields.name.optional(),
    conditions: ConditionsSchema.optional(),
    office: OfficeCode.optional(),
    contactId: ContactId.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field', when: onlyIfValid })
  .openapi('RoutingRulePatch');
export type RulePatch = z.infer<typeof RulePatchSchema>;

export const ReorderSchema = z
  .strictObject({ ids: z.array(z.uuid({ message: 'must be a rule id (a UUID)' })).min(1, 'must list every rule, in the new order') })
  .openapi('RoutingRuleOrder');

const list = z.array(z.string()).optional();
export const RuleSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    name: z.string(),
    enabled: z.boolean(),
    conditions: z.object({ countries: list, languages: list, topics: list, outletTypes: list, keywords: list }),
    office: z.string(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RoutingRule');
export const RuleListSchema = z.object({ rules: z.array(RuleSchema) }).openapi('RoutingRuleList');

export const HoursSchema = z
  .strictObject({
    hours: z
      .array(z.strictObject({ weekday: Weekday, opens: HHMM, closes: HHMM }))
      .max(100),
  })
  .openapi('OfficeHours', { description: 'The full weekly list, local time in the office\'s time zone; replaces what is stored.' });
export type HoursInput = z.infer<typeof HoursSchema>['hours'];

export const HolidaysSchema = z
  .strictObject({ holidays: z.array(z.strictObject({ startsOn: IsoDate, endsOn: IsoDate, name: line(200) })).max(1000) })
  .openapi('OfficeHolidays', { description: 'The full list, inclusive local dates; replaces what is stored.' });
export type HolidaysInput = z.infer<typeof HolidaysSchema>['holidays'];

/**
 * The From display name of the office's mail: one line of at most 100 characters without
 * the characters that end or quote a display name in a header (< > "); empty or null
 * clears it, and the office's name is used.
 */
const MailDisplayName = z
  .string()
  .refine((v) => !CONTROL.test(v), { message: 'must be a single line without control characters' })
  .refine((v) => !/[<>"]/.test(v), { message: 'must not contain < > or "' })
  .transform((v) => v.trim())
  .pipe(z.string().max(100, 'must be at most 100 characters'))
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .openapi({ description: 'The From name of the office\'s mail, e.g. "UNICEF Media Malaysia"; empty or null: the office\'s name', example: 'UNICEF Media Malaysia' });

const officeFields = {
  name: line(200),
  mailDisplayName: MailDisplayName,
  timeZone: TimeZone,
  parent: OfficeCode.nullable().openapi({ description: 'The office that backs this one up' }),
  responseTargetHours: z.number().int().min(1).max(2000).openapi({ description: 'Counted in business hours' }),
  active: z.boolean(),
  dutyOfficer: ContactId.nullable().openapi({ description: 'A member of the office who covers nights and holidays' }),
  countries: z.array(CountryCode).max(300).transform(unique).openapi({ description: 'The full list the office covers' }),
};

export const OfficePatchSchema = z
  .strictObject({
    name: officeFields.name.optional(),
    timeZone: officeFields.timeZone.optional(),
    parent: officeFields.parent.optional(),
    responseTargetHours: officeFields.responseTargetHours.optional(),
    active: officeFields.active.optional(),
    dutyOfficer: officeFields.dutyOfficer.optional(),
    countries: officeFields.countries.optional(),
    mailDisplayName: officeFields.mailDisplayName.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field', when: onlyIfValid })
  .openapi('OfficePatch');
export type OfficePatch = z.infer<typeof OfficePatchSchema>;

export const OfficeCreateSchema = z
  .strictObject({
    code: OfficeCode,
    name: officeFields.name,
    city: line(100),
    kind: z.enum(['country', 'regional', 'head']),
    email: z.string().max(254).pipe(z.email({ message: 'must be a plain email address' })),
    timeZone: officeFields.timeZone,
    parent: officeFields.parent.optional(),
    responseTargetHours: officeFields.responseTargetHours.optional(),
    active: z.boolean().optional(),
    countries: officeFields.countries.optional(),
    mailDisplayName: officeFields.mailDisplayName.optional(),
  })
  .openapi('OfficeInput');
export type OfficeCreate = z.infer<typeof OfficeCreateSchema>;

export const OfficeDetailSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    mailDisplayName: z.string().nullable().openapi({ description: 'The From name of its mail; null: the office\'s name' }),
    city: z.string(),
    kind: z.enum(['country', 'regional', 'head']),
    email: z.string(),
    timeZone: z.string(),
    parent: z.string().nullable(),
    responseTargetHours: z.number().int(),
    active: z.boolean(),
    countries: z.array(z.string()),
    dutyOfficer: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    members: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        title: z.string(),
        email: z.string(),
        role: z.enum(['officer', 'lead']),
        active: z.boolean(),
        languages: z.array(z.string()),
        topics: z.array(z.string()),
      }),
    ),
    hours: z.array(z.object({ weekday: z.number().int(), opens: z.string(), closes: z.string() })),
    holidays: z.array(z.object({ startsOn: z.string(), endsOn: z.string(), name: z.string() })),
  })
  .openapi('OfficeDetail');
export type OfficeDetail = z.infer<typeof OfficeDetailSchema>;

const DryRunRuleSchema = z.strictObject({ id: z.string().max(100).optional(), ...ruleFields }).openapi('DryRunRule');

export const DryRunSchema = z
  .strictObject({
    inquiry: z.strictObject({
      country: CountryCode,
      language: z.enum(LANGUAGES).default('en'),
      topic: z.string().min(1).max(48).optional(),
      outletType: z.enum(OUTLET_TYPES).optional(),
      subject: z.string().max(200).refine((v) => !CONTROL.test(v), 'must be a single line').default(''),
      deadline: DateTimeWithOffset.optional(),
      articleSlug: z.string().min(1).max(200).optional(),
    }),
    at: DateTimeWithOffset.optional().openapi({ description: 'The moment to decide for; now when absent' }),
    rules: z.array(DryRunRuleSchema).max(5000).optional().openapi({ description: 'A rule set to try instead of the saved one, in priority order' }),
  })
  .openapi('DryRunInput');
export type DryRunInput = z.infer<typeof DryRunSchema>;

export const DryRunResultSchema = z
  .object({
    at: z.string(),
    ruleSet: z.enum(['saved', 'proposed']),
    office: z.object({ code: z.string(), name: z.string() }),
    contact: z.object({ id: z.string(), name: z.string(), title: z.string() }).nullable(),
    priority: z.enum(['urgent', 'normal']),
    dueAt: z.string(),
    reasons: z.array(z.string()),
  })
  .openapi('RoutingDecision');

/** Every admin route: a missing or bad token, a token without the admin role. */
export const authResponses = problemResponses(authErrors.tokenRequired, authErrors.tokenRoleRefused);

export const adminSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }];

import { z } from '@hono/zod-openapi';
import { INQUIRY_STATUSES } from '../../db/schema.js';
import { problemResponses } from '../../lib/openapi.js';
import { authErrors } from '../auth/index.js';
import { deskErrors } from './desk.errors.js';

// The staff JSON API on one inquiry. Bodies are strict: an unknown field is 422.

export const staffSecurity = [{ staffSession: [] }];

export const IdParam = z.object({
  // Not validated as a UUID here: a malformed id must be the same 404 as a missing one.
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0b9d5c1e-2f41-4c1e-9a57-0d2f2c1c8f3e' }),
});

const Version = z.number().int().min(1).openapi({ description: 'The inquiry\'s version when you loaded it; if it moved on, nothing is done and the answer is 409.' });
const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const StatusEnum = z.enum(INQUIRY_STATUSES);

export const ClaimBody = z.strictObject({ version: Version }).openapi('ClaimInput');
export const AssignBody = z.strictObject({ version: Version, contactId: z.uuid() }).openapi('AssignInput');
export const TransferBody = z
  .strictObject({ version: Version, office: z.string().min(1).max(50), reason: Text(500).transform((s) => s.replace(/[\s\p{Cc}]+/gu, ' ')) })
  .openapi('TransferInput');
export const ReplyBody = z
  .strictObject({
    version: Version,
    text: Text(20_000),
    status: z.enum(['open', 'waiting', 'answered', 'closed']).optional().openapi({ description: 'Default: answered' }),
  })
  .openapi('ReplyInput');
export const NoteBody = z.strictObject({ version: Version, text: Text(10_000) }).openapi('NoteInput');
export const StatusBody = z.strictObject({ version: Version, status: StatusEnum }).openapi('StatusInput');
/** Compared and stored lower-case, as the inbound pipeline compares senders. */
const Address = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a plain email address such as editor@example.com' }))
  .transform((v) => v.toLowerCase())
  .openapi({ example: 'news.desk@example.com' });
export const ReporterAddressBody = z
  .strictObject({ version: Version, address: Address })
  .openapi('ReporterAddressInput', { description: "An address that may write on the reporter's side of the inquiry by email, besides the reporter's own" });

export const ActionResultSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    visible: z.boolean().openapi({ description: 'False when the action took the inquiry out of your view (a transfer to an office you are not in)' }),
    status: StatusEnum.nullable(),
    office: z.object({ code: z.string(), name: z.string() }).nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi('ActionResult');

const ThreadItemSchema = z
  .object({
    type: z.enum(['event', 'email']),
    kind: z.string(),
    at: z.string(),
    actor: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).optional(),
    direction: z.enum(['in', 'out']).optional(),
    to: z.string().optional(),
    subject: z.string().optional(),
    text: z.string().nullable().optional().openapi({ description: "An email's text; null while an email the worker renders at send time waits to be sent" }),
    status: z.string().optional(),
    fullText: z.string().optional().openapi({ description: 'For mail received into the thread: the whole text, quoted history included, when it says more than the event' }),
  })
  .openapi('ThreadItem');

export const InquiryDetailSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    version: z.number().int(),
    status: StatusEnum,
    priority: z.enum(['urgent', 'normal']),
    involvesChildren: z.boolean(),
    subject: z.string(),
    message: z.string(),
    reporter: z.object({
      name: z.string(),
      email: z.string(),
      phone: z.string().nullable(),
      outlet: z.string(),
      outletType: z.string().nullable(),
      country: z.string(),
      language: z.string(),
    }),
    office: z.object({ code: z.string(), name: z.string() }),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    routing: z.object({ reasons: z.array(z.string()), decidedAt: z.string() }),
    dueAt: z.string(),
    deadline: z.string().nullable(),
    minutesLeft: z.number().int().openapi({ description: 'Negative when overdue' }),
    firstResponseAt: z.string().nullable(),
    thread: z.array(ThreadItemSchema),
    reporterBouncing: z
      .object({ at: z.string(), reason: z.string().nullable() })
      .nullable()
      .openapi({ description: "Set when mail to the reporter's address bounced (cleared when they write again)" }),
    reporterAddresses: z
      .array(z.object({ address: z.string(), addedBy: z.string().nullable(), addedAt: z.string() }))
      .openapi({ description: "Addresses staff allowed to write on the reporter's side by email, besides the reporter's own" }),
    presence: z.array(z.object({ name: z.string(), kind: z.enum(['viewing', 'drafting']), at: z.string() })),
  })
  .openapi('StaffInquiry');

/** What any call on one inquiry can meet: the session and its CSRF check, an inquiry not visible, a stale version. */
export const INQUIRY_PROBLEMS = [
  400,
  authErrors.signInRequired,
  authErrors.crossSite,
  authErrors.csrfMismatch,
  deskErrors.inquiryNotFound,
  deskErrors.versionConflict,
  415,
  422,
] as const;

export const actionProblems = problemResponses(...INQUIRY_PROBLEMS);

import { z } from '@hono/zod-openapi';
import { INQUIRY_STATUSES, OPEN_STATUSES, type InquiryStatus, type Language } from '../../db/schema.js';
import { LANGUAGES } from '../../lib/languages.js';
import { fieldError, validationError, zodToFieldErrors } from '../../lib/problem.js';
import { CONTROL } from '../../lib/text-fields.js';
import { CountryCode, OfficeCode } from '../admin/index.js';
import { deskErrors } from './desk.errors.js';

// What the queue can be asked for, shared by the page (GET /desk) and the API
// (GET /api/staff/inquiries): one schema, so both refuse the same things.

export const QUEUE_VIEWS = ['mine', 'unassigned', 'offices'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const STATUSES = INQUIRY_STATUSES;
export { OPEN_STATUSES };
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export const SORT_KEYS = ['due'] as const;
export const LANGUAGES_SHOWN: Record<Language, string> = { en: 'English', zh: 'Chinese', ms: 'Malay' };
export const PAGE_SIZE = 50;

const CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

export const QueueQuerySchema = z.strictObject({
  view: z
    .enum(QUEUE_VIEWS)
    .optional()
    .openapi({ description: '`mine`: assigned to me; `unassigned`: my offices, nobody assigned; `offices` (default): all of my offices (admins: all)' }),
  status: z
    .enum(STATUSES)
    .optional()
    .openapi({ description: 'One status; without it every status but closed' }),
  office: OfficeCode.optional().openapi({ description: "An office code; another office's inquiries stay invisible" }),
  // Topic codes are free text set by admins: matched as a value, never parsed.
  topic: z
    .string()
    .max(48, 'must be at most 48 characters')
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .optional()
    .openapi({ example: 'child-protection' }),
  country: CountryCode.optional(),
  language: z.enum(LANGUAGES).optional(),
  q: z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform((v) => v.replace(CONTROLS, ' ').trim())
    .optional()
    .openapi({ description: 'Words in the subject, message, reporter name, outlet or email; Chinese text is matched as a substring', example: 'declaration' }),
  after: z
    .string()
    .max(400)
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page (opaque)' }),
  sort: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'Only `due`: urgent first, then due time (the default). Another key is 400.', example: 'due' }),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

/** Where the previous page ended: (not urgent, due time to the microsecond, id), the queue's sort key. */
export interface Cursor {
  notUrgent: boolean;
  due: string;
  id: string;
}

export interface QueueParams {
  view: QueueView;
  status?: InquiryStatus;
  office?: string;
  topic?: string;
  country?: string;
  language?: Language;
  q?: string;
  after?: Cursor;
}

const CursorSchema = z.tuple([
  z.union([z.literal(0), z.literal(1)]),
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  z.uuid(),
]);

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.notUrgent ? 1 : 0, c.due, c.id])).toString('base64url');
}

export function decodeCursor(value: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { notUrgent: parsed.data[0] === 1, due: parsed.data[1], id: parsed.data[2] } : null;
  } catch {
    return null;
  }
}

/** From validated query to what the repository needs; an unknown sort key is a bad request (400). */
export function toQueueParams(query: QueueQuery): QueueParams {
  if (query.sort !== undefined && !(SORT_KEYS as readonly string[]).includes(query.sort)) {
    throw deskErrors.unknownSort.error(`sort: unknown sort key; the queue sorts by ${SORT_KEYS.join(', ')}.`);
  }
  let after: Cursor | undefined;
  if (query.after !== undefined && query.after !== '') {
    after = decodeCursor(query.after) ?? undefined;
    if (!after) throw validationError([fieldError('after', 'is not a cursor this list gave out')]);
  }
  return {
    view: query.view ?? 'offices',
    ...(query.status ? { status: query.status } : {}),
    ...(query.office ? { office: query.office } : {}),
    ...(query.topic ? { topic: query.topic } : {}),
    ...(query.country ? { country: query.country } : {}),
    ...(query.language ? { language: query.language } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(after ? { after } : {}),
  };
}

/**
 * The page's GET form sends every field, empty ones too: an empty field means
 * "no filter" there. A repeated field stays a list, which the schema refuses.
 */
export function parsePageQuery(queries: Record<string, string[]>): QueueParams {
  const raw: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(queries)) {
    const given = values.filter((v) => v !== '');
    if (given.length === 1) raw[key] = given[0]!;
    else if (given.length > 1) raw[key] = given;
  }
  const parsed = QueueQuerySchema.safeParse(raw);
  if (!parsed.success) throw validationError(zodToFieldErrors(parsed.error));
  return toQueueParams(parsed.data);
}

import { z } from '@hono/zod-openapi';
import { INQUIRY_STATUSES } from '../../db/schema.js';
import { CONTROL_EXCEPT_NEWLINES, singleLine as line } from '../../lib/text-fields.js';
import { isCountryCode } from '../../lib/countries.js';
import { LANGUAGES } from '../../lib/languages.js';

export const OUTLET_TYPES = ['newspaper', 'magazine', 'broadcast', 'online', 'agency', 'freelance', 'other'] as const;

export const InquiryInputSchema = z
  .strictObject({
    name: line(200).openapi({ example: 'Mei Ling Tan' }),
    // Strict: no comments, quoted local parts, group syntax or whitespace (ASVS 1.3.11).
    email: z
      .string()
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ message: 'must be a plain email address such as name@example.com' }))
      .openapi({ example: 'mei.ling@example.com' }),
    outlet: line(200).openapi({ example: 'The Star' }),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as MY')
      .transform((v) => v.toUpperCase())
      .refine(isCountryCode, 'is not an ISO 3166-1 country code')
      .openapi({ example: 'MY' }),
    subject: line(200).openapi({ example: 'Beijing Declaration: Malaysia commitments' }),
    message: z
      .string()
      .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'must not contain control characters')
      .transform((v) => v.trim())
      .pipe(z.string().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'))
      .openapi({ example: 'What did Malaysia commit to at the Beijing meeting?' }),
    consent: z.literal(true, { message: 'must be true: the privacy notice has to be accepted' }),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()./-]{5,32}$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
      .optional(),
    language: z.enum(LANGUAGES).default('en'),
    topic: z.string().max(48).optional(),
    articleSlug: z.string().max(200).optional(),
    deadline: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T17:00:00+08:00' })
      .optional()
      .openapi({ example: '2026-12-01T17:00:00+08:00' }),
    outletType: z.enum(OUTLET_TYPES).optional(),
    involvesChildren: z.boolean().default(false),
  })
  .openapi('InquiryInput');

export type InquiryInput = z.infer<typeof InquiryInputSchema>;

export const InquiryCreatedSchema = z
  .object({
    id: z.string().uuid(),
    reference: z.string().openapi({ example: 'PD-2026-00042' }),
    status: z.enum(INQUIRY_STATUSES),
    office: z.object({ code: z.string(), name: z.string() }),
    contact: z.object({ name: z.string(), title: z.string() }).nullable(),
    priority: z.enum(['urgent', 'normal']),
    dueAt: z.string().datetime(),
    statusUrl: z.string().url(),
  })
  .openapi('InquiryCreated');

export type InquiryCreated = z.infer<typeof InquiryCreatedSchema>;

/** A reporter's follow-up from the status page: plain text, line breaks kept, 1–5000 characters. */
export const FollowUpSchema = z.strictObject({
  message: z
    .string({ message: 'must not be empty' })
    .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'must not contain control characters')
    .transform((v) => v.trim())
    .pipe(z.string().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters')),
});

export type FollowUpInput = z.infer<typeof FollowUpSchema>;

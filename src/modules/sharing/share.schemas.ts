import { z } from '@hono/zod-openapi';
import { LANGUAGES, messagesFor } from '../../lib/languages.js';
import { fieldError, type FieldError } from '../../lib/problem.js';
import { shareMessages, type ShareErrorCode } from '../../web/messages/share.js';
import type { Lang } from '../../web/i18n.js';
import { containsLink, uniqueAddresses } from './share.text.js';

export const MAX_RECIPIENTS = 5;
export const MAX_NOTE_CHARS = 500;
export const MAX_NAME_CHARS = 100;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const chars = (v: string) => Array.from(v).length;

// Issue messages are codes (ShareErrorCode); toFieldErrors turns them into words in a language.
const email = z
  .string({ message: 'email.invalid' })
  .max(254, 'email.invalid')
  // Strict like intake: no comments, quoted local parts, groups, whitespace or CR/LF.
  .pipe(z.email({ message: 'email.invalid' }));

export const ShareInputSchema = z
  .strictObject({
    recipients: z
      .array(email, { message: 'recipients.required' })
      .min(1, 'recipients.required')
      .max(MAX_RECIPIENTS, 'recipients.too_many')
      .transform(uniqueAddresses)
      .openapi({ example: ['ana.reyes@example.com'], description: '1–5 addresses; each gets a separate message. Duplicates are sent once.' }),
    // Cheap checks first, each stopping at its failure (zod runs a schema's later checks after a
    // failed one unless it aborts): the link detector only ever reads a short single line.
    senderName: z
      .string({ message: 'name.required' })
      .refine((v) => !CONTROL.test(v), 'name.control')
      .transform((v) => v.trim())
      .pipe(
        z
          .string()
          .min(1, { message: 'name.required', abort: true })
          .refine((v) => chars(v) <= MAX_NAME_CHARS, { message: 'name.too_long', abort: true })
          .refine((v) => !v.includes('@'), { message: 'name.email', abort: true })
          .refine((v) => !containsLink(v), 'name.link'),
      )
      .openapi({ example: 'Mei Ling Tan', description: 'Shown to the recipients: one line, no web or email addresses.' }),
    senderEmail: email.openapi({
      example: 'mei.ling@example.com',
      description: "The sender's address: Reply-To of the messages (From is always the service), and the key of the per-sender limit.",
    }),
    note: z
      .string()
      .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'note.control')
      .refine((v) => chars(v.replace(/\r\n?/g, '\n')) <= MAX_NOTE_CHARS, 'note.too_long')
      .optional()
      .openapi({ description: 'Plain text, at most 500 characters; never HTML. Anything that looks like a link becomes "[link removed]".' }),
    language: z
      .enum(LANGUAGES, { message: 'language.invalid' })
      .default('en')
      .openapi({ description: 'The language of the page the share was sent from; the message is written in it.' }),
    altcha: z
      .string()
      .max(8000, 'altcha.invalid')
      .optional()
      .openapi({ description: "The ALTCHA widget's payload (a solved challenge from GET /api/altcha/challenge). Required unless the caller sends an integrator or admin token." }),
  })
  .openapi('ShareInput');

export type ShareInput = z.infer<typeof ShareInputSchema>;

export const ShareAcceptedSchema = z
  .object({ accepted: z.number().int().openapi({ description: 'How many distinct recipients the request named.' }) })
  .openapi('ShareAccepted');

const CODES = new Set(Object.keys(shareMessages.en.errors));
const isCode = (m: string): m is ShareErrorCode => CODES.has(m);

/** Zod issues → per-field errors in `lang` (the API uses English). */
export function toFieldErrors(error: z.ZodError, lang: Lang = 'en'): FieldError[] {
  const words = messagesFor(shareMessages, lang).errors;
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(fieldError([...issue.path, key].join('.'), 'is not a known field', [...issue.path, key]));
      continue;
    }
    const field = issue.path.join('.') || '(body)';
    out.push(fieldError(field, isCode(issue.message) ? words[issue.message] : issue.message, issue.path));
  }
  return out;
}

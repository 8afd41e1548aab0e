import { z } from '@hono/zod-openapi';
import { CONTROL_EXCEPT_NEWLINES, singleLine as line } from '../../lib/text-fields.js';
import { LANGUAGES } from '../../lib/languages.js';
import { SLUG_RE } from './articles.schemas.js';

// Request bodies are strict objects, as in the admin API: an unknown field is
// a 422 naming it, never silently dropped (a typo like "subtitel" must not pass).

/** The largest body accepted in characters; the request as a whole is also capped by BODY_LIMIT_BYTES. */
export const MAX_BODY_CHARS = 200_000;

const text = (what: string) =>
  z
    .string()
    .max(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`)
    .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), `must be ${what} without control characters other than newlines and tabs`);

const HttpUrl = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && v.trim() === v;
    } catch {
      return false;
    }
  }, 'must be an absolute http or https URL')
  .openapi({ example: 'https://www.unicef.org/child-rights-convention' });

export const ArticleSlug = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(SLUG_RE, 'must be lower-case words joined by hyphens, e.g. beijing-declaration-2010')
  .openapi({ example: 'asia-pacific-governments-commit-to-child-rights' });

const fields = {
  title: line(300).openapi({ example: 'Asia-Pacific governments commit to increase cooperation for child rights' }),
  subtitle: line(500).nullable().optional().openapi({ description: 'Absent or null: none' }),
  dateline: line(200).openapi({ example: 'BEIJING, 6 November 2010' }),
  language: z.enum(LANGUAGES).default('en').openapi({ description: 'The language the release is written in' }),
  body: text('plain text')
    .optional()
    .openapi({ description: 'Plain text, paragraphs separated by blank lines. Send this or bodyHtml, not both.' }),
  bodyHtml: text('HTML').optional().openapi({
    description:
      'HTML, sanitised before it is stored: p, br, h2–h4, ul, ol, li, strong, em, b, i, blockquote, a (href, title), abbr, simple tables. ' +
      'Everything else (script, style, iframe, img, event-handler and style attributes, links other than http, https and mailto) is removed. ' +
      'The plain-text body used by emails is derived from it. Send this or body, not both.',
  }),
  publishedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-05T10:00:00+08:00' })
    .optional()
    .openapi({ description: 'When readers may see it (a future time is an embargo). Absent: now, or on an update the time it was already published.' }),
  published: z
    .boolean()
    .optional()
    .openapi({ description: 'false stores a draft that readers cannot see (publishedAt must then be absent). Default true.' }),
  contacts: z
    .array(z.string().max(254, 'must be at most 254 characters'))
    .max(20, 'must list at most 20 contacts')
    .default([])
    .openapi({
      description: "The release's press contacts, in order, by email address (matched without regard to case); each must be an active contact in the directory (GET /api/contacts).",
      example: ['dale.rutstein@example.org'],
    }),
  links: z
    .array(z.strictObject({ label: line(200), url: HttpUrl }))
    .max(20, 'must list at most 20 links')
    .default([])
    .openapi({ description: 'Related links, in order' }),
};

interface Fields {
  body?: unknown;
  bodyHtml?: unknown;
  published?: unknown;
  publishedAt?: unknown;
}

/**
 * Exactly one body; a draft has no publication time. Reported on the field to
 * change. Runs even when a field is already invalid (so it only looks at what
 * is present, never at a value's type).
 */
function checkCombination(v: Fields, ctx: z.RefinementCtx) {
  if (v.body !== undefined && v.bodyHtml !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bodyHtml'], message: 'send either body (plain text) or bodyHtml, not both' });
  } else if (v.body === undefined && v.bodyHtml === undefined) {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required (plain text), or send bodyHtml instead' });
  } else if (typeof v.body === 'string' && v.body.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'must not be empty' });
  }
  if (v.published === false && v.publishedAt !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['publishedAt'], message: 'must be absent when published is false (a draft has no publication time)' });
  }
}

export const ArticleReplaceSchema = z
  .strictObject(fields)
  .superRefine(checkCombination)
  .openapi('ArticleReplace', { description: 'Every editable field of a release; replaces what is stored.' });
export type ArticleReplace = z.infer<typeof ArticleReplaceSchema>;

export const ArticleCreateSchema = z
  .strictObject({ slug: ArticleSlug, ...fields })
  .superRefine(checkCombination)
  .openapi('ArticleInput');
export type ArticleCreate = z.infer<typeof ArticleCreateSchema>;

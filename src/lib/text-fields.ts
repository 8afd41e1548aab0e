import { z } from '@hono/zod-openapi';

/** Any C0 control, DEL and the Unicode line separators: a single-line field has none (so nothing can smuggle a header). */
export const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
/** Multi-line text keeps newlines and tabs; NUL and the other C0 controls are refused (Postgres cannot store NUL). */
export const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The `params.rule` of a single-line field's issue, so a page can word it without reading the message. */
export const SINGLE_LINE_RULE = 'single_line';

/** One line of text, trimmed, 1..max characters: CR, LF, NUL and other controls are refused, not folded. */
export const singleLine = (max: number) =>
  z
    .string()
    .refine((v) => !CONTROL.test(v), { message: 'must be a single line without control characters', params: { rule: SINGLE_LINE_RULE } })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

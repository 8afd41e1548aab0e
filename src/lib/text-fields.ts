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

/** A UTF-16 surrogate without its pair: JSON can carry one (`"\ud800"`), but it is not text, and Postgres cannot store it. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * Where a parsed JSON body first holds an unpaired surrogate, in a string or
 * a key: its path, else null. Walked without recursion, so a deeply nested
 * body cannot exhaust the stack.
 */
export function unpairedSurrogateAt(body: unknown): (string | number)[] | null {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: body, path: [] }];
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (UNPAIRED_SURROGATE.test(value)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [key] of entries) if (UNPAIRED_SURROGATE.test(key)) return [...path, key];
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return null;
}

import type { ParsedMail } from 'mailparser';

// Header values as the sender wrote them. mailparser structures some headers
// (Content-Type, List-*) and not others; reading the raw lines gives one way
// to ask for any of them.

/** The unfolded value of the first `name` header, or null when absent. */
export function rawHeader(mail: Pick<ParsedMail, 'headerLines'>, name: string): string | null {
  const key = name.toLowerCase();
  const line = mail.headerLines?.find((h) => h.key === key)?.line;
  if (line === undefined) return null;
  const colon = line.indexOf(':');
  return line
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** A header value short enough for a reason a person reads. */
export function shortened(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** `Jane <jane@example.org>` of the From header → `jane@example.org`, lower-cased. */
export function senderAddress(mail: Pick<ParsedMail, 'from'>): string | null {
  return mail.from?.value[0]?.address?.toLowerCase() ?? null;
}

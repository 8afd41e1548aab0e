import type { ParsedMail } from 'mailparser';

// Which of our messages a received one answers. Message-IDs are compared as
// we issued them: angle brackets and spaces stripped, case kept (the local
// part is case-sensitive, and ours are lower-case UUIDs that clients copy
// verbatim), so `normalizeMessageId` of a stored `<id@domain>` equals what
// `referencedMessageIds` returns for a reply to it.

const MAX_REFERENCES = 50;

/** `<abc@example.org>` → `abc@example.org`. */
export function normalizeMessageId(id: string): string {
  let s = id.trim();
  if (s.startsWith('<')) s = s.slice(1);
  if (s.endsWith('>')) s = s.slice(0, -1);
  return s.trim();
}

/** Every `<…>` in a header value, in order; a bare id when there are no brackets. */
function idsIn(value: string): string[] {
  const ids: string[] = [];
  for (const m of value.matchAll(/<([^<>\s]+)>/g)) ids.push(m[1]!);
  if (ids.length === 0) {
    // Some clients drop the brackets; a single token is still an id.
    const bare = value.trim();
    if (bare !== '' && !/\s/.test(bare) && bare.includes('@')) ids.push(normalizeMessageId(bare));
  }
  return ids;
}

/**
 * The messages this one answers, strongest first: In-Reply-To, then
 * References newest first (the header lists the oldest first). No duplicates.
 */
export function referencedMessageIds(mail: Pick<ParsedMail, 'inReplyTo' | 'references'>): string[] {
  const inReplyTo = mail.inReplyTo ? idsIn(mail.inReplyTo) : [];
  const refs = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];
  const references = refs.flatMap(idsIn).reverse();
  return [...new Set([...inReplyTo, ...references])].slice(0, MAX_REFERENCES);
}

/**
 * An inquiry reference written in a subject, `[PD-2026-00042]` or bare, as
 * in `Re: Your question PD-2026-00042`. The first one wins.
 */
export function referenceInSubject(subject: string): string | null {
  const m = /(?<![\dA-Z])PD-(\d{4})-(\d{5,9})(?!\d)/i.exec(subject);
  return m ? `PD-${m[1]}-${m[2]}` : null;
}

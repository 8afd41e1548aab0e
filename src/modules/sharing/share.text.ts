import { sha256 } from '../../lib/tokens.js';

/**
 * Pure text rules of "Email this article": what counts as a link, how a note
 * is cleaned, and how an address becomes the hash we store instead of it.
 */

/** Shown where the sender wrote a link: the service never carries a sender's links. */
export const LINK_REMOVED = '[link removed]';

// A dot, also full-width (．) and half-width (｡): "example．com" is still read as an address.
const DOT = '[.\\uFF0E\\uFF61]';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
// Where a domain may begin: not inside a label, nor just after "label." (the domain began earlier).
// So each run of labels is tried once, from its start, and the search stays linear in the text;
// hyphens before it are taken with it ("--spam.com" is still a link).
const DOMAIN_START = `(?<![\\p{L}\\p{N}-]|[\\p{L}\\p{N}]${DOT})`;
// The rest of a link, but not the punctuation that ends the sentence around it ("see x.com/a, then"):
// punctuation only where more of the link follows it, so every character is read once (no lazy
// quantifier re-scanning the punctuation ahead at each step).
const TRAILING = String.raw`[.,;:!?)\]'"”’」】。，、]`;
const LINK_CHAR = String.raw`[^\s.,;:!?)\]'"”’」】。，、]`;
const REST = `(?:${TRAILING}*${LINK_CHAR})*`;
const LINK_PATTERNS = [
  // scheme:// URLs of any scheme, and the schemes mail clients link without slashes
  String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/` + REST,
  String.raw`\b(?:[mM][aA][iI][lL][tT][oO]|[jJ]ava[sS]cript|JAVASCRIPT|[dD]ata|DATA|[vV][bB][sS]cript|[tT]el|[sS]ms|[fF]ile):\S` + REST,
  // www.anything
  String.raw`\b[wW]{3}\d{0,3}${DOT}\S` + REST,
  // domain.tld, domain.tld/path, sub.domain.tld:8080 — what mail clients turn into links. A Latin
  // top-level label is all lower or all upper case, so "home.Then" (a missed space) stays; a
  // non-Latin one needs an ASCII dot, so Chinese sentences ending in 。 stay too.
  `${DOMAIN_START}-*(?:${LABEL}${DOT})*${LABEL}(?:${DOT}(?:[a-z]{2,24}|[A-Z]{2,24})|\\.(?:(?!\\p{Script=Latin})\\p{L}){2,24})(?![\\p{L}\\p{N}])(?::\\d{1,5})?(?:[/?#]${REST})?`,
];
const LINK_RE = new RegExp(LINK_PATTERNS.join('|'), 'gu');

/** True when the text holds anything a mail client could turn into a link. */
export function containsLink(text: string): boolean {
  LINK_RE.lastIndex = 0;
  const found = LINK_RE.test(text);
  LINK_RE.lastIndex = 0;
  return found;
}

/** Every URL-like run (scheme://…, www.…, domain.tld/…, bare domain.tld) becomes "[link removed]". */
export function removeLinks(text: string): string {
  return text.replace(LINK_RE, LINK_REMOVED);
}

/** The note as it is stored and sent: plain text, line endings normalised, links removed, trimmed. */
export function cleanNote(note: string): string {
  return removeLinks(note.replace(/\r\n?/g, '\n')).trim();
}

/**
 * The hash that stands for an address in shares, opt-outs and limits: sha256
 * of the lower-cased address under a fixed prefix. Fixed (not a rotating
 * secret) so an opt-out holds for ever.
 */
export function addressHash(address: string): string {
  return sha256(`pressdesk-share-address:${address.trim().toLowerCase()}`);
}

/** Same address twice (any letter case) → once, first spelling kept. */
export function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of addresses) {
    const key = a.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

/** The opening of a plain-text release (paragraphs split by blank lines), for the email. */
export function excerptOf(body: string, maxParagraphs = 2, maxChars = 900): string[] {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .slice(0, maxParagraphs);
  const out: string[] = [];
  let used = 0;
  for (const p of paragraphs) {
    const room = maxChars - used;
    if (room <= 40) break;
    const chars = Array.from(p);
    if (chars.length <= room) {
      out.push(p);
      used += chars.length;
    } else {
      const cut = chars.slice(0, room).join('');
      const atSpace = cut.lastIndexOf(' ');
      out.push(`${(atSpace > room / 2 ? cut.slice(0, atSpace) : cut).trimEnd()}…`);
      break;
    }
  }
  return out;
}

import type { DirectoryRule, RoutableInquiry } from './routing.types.js';

// Admin rules: every condition kind that is present and non-empty must match
// (AND across kinds), any one value within a kind is enough (OR within a list).

/**
 * Scripts written without spaces between words: there a keyword is found as a
 * substring, since "word boundaries" would never occur inside a sentence.
 */
const UNSPACED_CLASS = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]`;
const UNSPACED = new RegExp(UNSPACED_CLASS, 'u');
/**
 * What a keyword must not run into to count as a whole word: a letter, mark
 * or digit of a spaced script ("UNICEF" is a word in "基金会UNICEF中国", not in "UNICEFs").
 */
const WORD_CHAR = String.raw`(?:(?!${UNSPACED_CLASS})[\p{L}\p{M}\p{N}_])`;

/** A keyword's first word (a cheap substring pre-check) and its full pattern. */
interface KeywordPattern {
  needle: string;
  regex: RegExp;
}

/** Compiled keyword patterns; a memo of a pure function, bounded so it cannot grow without limit. */
const patterns = new Map<string, KeywordPattern | null>();
const MAX_PATTERNS = 10_000;

function normalise(text: string): string {
  // NFKC folds full-width Latin and compatibility forms, so 'ＵＮＩＣＥＦ' matches 'unicef'.
  return text.normalize('NFKC').toLowerCase();
}

function keywordPattern(keyword: string): KeywordPattern | null {
  let pattern = patterns.get(keyword);
  if (pattern !== undefined) return pattern;
  const words = normalise(keyword).trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) {
    pattern = null;
  } else {
    const body = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(String.raw`\s+`);
    const first = [...words[0]!][0]!;
    const last = [...words[words.length - 1]!].at(-1)!;
    // A boundary is required only at an edge written in a spaced script.
    const before = UNSPACED.test(first) ? '' : `(?<!${WORD_CHAR})`;
    const after = UNSPACED.test(last) ? '' : `(?!${WORD_CHAR})`;
    pattern = { needle: words[0]!, regex: new RegExp(before + body + after, 'u') };
  }
  if (patterns.size >= MAX_PATTERNS) patterns.clear();
  patterns.set(keyword, pattern);
  return pattern;
}

// The same subject is tested against every keyword rule: normalise it once.
let lastSubject = '';
let lastNormalised = '';

/** Whether the subject contains the keyword as a whole word or phrase (case-insensitive, Unicode-aware). */
export function keywordMatches(keyword: string, subject: string): boolean {
  const pattern = keywordPattern(keyword);
  if (pattern === null) return false;
  if (subject !== lastSubject) {
    lastNormalised = normalise(subject);
    lastSubject = subject;
  }
  return lastNormalised.includes(pattern.needle) && pattern.regex.test(lastNormalised);
}

const upper = (v: string) => v.trim().toUpperCase();
const lower = (v: string) => v.trim().toLowerCase();

/**
 * null when the list sets no condition (absent, empty or only blanks), else
 * whether any entry equals the value. Plain loops: routing checks
 * every rule for every inquiry, so no intermediate arrays.
 */
function anyOf(list: readonly string[] | undefined, value: string | null, fold: (v: string) => string): boolean | null {
  if (!Array.isArray(list)) return null;
  let condition = false;
  const v = value === null ? null : fold(value);
  for (const w of list) {
    if (typeof w !== 'string' || w.trim() === '') continue;
    condition = true;
    if (v !== null && fold(w) === v) return true;
  }
  return condition ? false : null;
}

/** Whether every condition of the rule holds for the inquiry; an empty conditions object matches everything. */
export function ruleMatches(rule: DirectoryRule, inquiry: RoutableInquiry): boolean {
  const c = rule.conditions ?? {};
  if (anyOf(c.countries, inquiry.country, upper) === false) return false;
  if (anyOf(c.languages, inquiry.language, lower) === false) return false;
  if (anyOf(c.topics, inquiry.topic, lower) === false) return false;
  if (anyOf(c.outletTypes, inquiry.outletType, lower) === false) return false;
  if (!Array.isArray(c.keywords)) return true;
  let condition = false;
  for (const k of c.keywords) {
    if (typeof k !== 'string' || k.trim() === '') continue;
    condition = true;
    if (keywordMatches(k, inquiry.subject)) return true;
  }
  return !condition;
}

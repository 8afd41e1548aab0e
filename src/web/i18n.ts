import type { Context } from 'hono';
import { isLang, type Lang } from '../lib/languages.js';

export type { Lang };

/** Each language's name in itself, for the switch. */
export const LANG_NAME: Record<Lang, string> = { en: 'English', zh: '简体中文', ms: 'Bahasa Melayu' };

/** `zh`, `zh-Hans`, `zh-CN`, `ms-MY`, `EN` … → one of ours, or null. */
export function toLang(tag: string | undefined | null): Lang | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : null;
}

// Browsers send a handful of distinct headers; parsing each once keeps it off the hot path of every page.
const acceptCache = new Map<string, Lang | null>();
const ACCEPT_CACHE_MAX = 1_000;

/** The best of ours for an Accept-Language header (q-values honoured; ties keep header order). */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const known = acceptCache.get(header);
  if (known !== undefined) return known;
  const lang = parseAcceptLanguage(header);
  if (acceptCache.size >= ACCEPT_CACHE_MAX) acceptCache.clear();
  if (header.length <= 200) acceptCache.set(header, lang);
  return lang;
}

function parseAcceptLanguage(header: string): Lang | null {
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: toLang(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang ?? null;
}

/**
 * The page's language: `?lang=` (the switch on every page) wins, then the
 * browser's Accept-Language, then English. No cookie, so a page's URL and that
 * header decide it alone and caches can key on them (Vary: Accept-Language).
 */
export function pageLang(c: Context): Lang {
  return toLang(c.req.query('lang')) ?? fromAcceptLanguage(c.req.header('accept-language')) ?? 'en';
}

/** `path` with `lang` set (other query parameters kept): links that keep the reader's language. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}${url.hash}`;
}

import { htmlLang, localeTag } from '../../lib/languages.js';
import { toLang, type Lang } from '../../web/i18n.js';

// Labels follow the page's language; dates are written the way readers of that
// language expect (Intl), while an article's own text keeps its language.

// Building an Intl formatter costs far more than using one: keep them.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(localeTag(lang), { dateStyle: 'long', timeZone });
    } catch {
      f = new Intl.DateTimeFormat(localeTag(lang), { dateStyle: 'long', timeZone: 'UTC' }); // not a zone Intl knows
    }
    if (formatters.size < 1_000) formatters.set(key, f);
  }
  return f;
}

/** "6 November 2010" / "2010年11月6日" / "6 November 2010", on the calendar of `timeZone`. */
export function formatDate(date: Date, lang: Lang, timeZone = 'UTC'): string {
  return dateFormatter(lang, timeZone).format(date);
}

// Names are looked up for a handful of time zones and languages from the directory; keep them.
const names = new Map<string, string>();
function remembered(key: string, compute: () => string): string {
  let v = names.get(key);
  if (v === undefined) {
    v = compute();
    if (names.size < 1_000) names.set(key, v);
  }
  return v;
}

/** "China Standard Time" / "中国标准时间" / "Waktu Piawai China" for Asia/Shanghai. */
export function timeZoneName(timeZone: string, lang: Lang): string {
  return remembered(`tz ${lang} ${timeZone}`, () => {
    try {
      const parts = new Intl.DateTimeFormat(localeTag(lang), { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date(0));
      return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    } catch {
      return timeZone;
    }
  });
}

/** A language's name in the page's language ("Chinese", "中文", "Cina"); the code itself if unknown. */
export function languageName(code: string, lang: Lang): string {
  return remembered(`lang ${lang} ${code}`, () => {
    try {
      return new Intl.DisplayNames([localeTag(lang)], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  });
}

/** The `lang` attribute for content written in `language` (an article's column): ours as BCP 47, else a plain tag, else none. */
export function contentLang(language: string | null | undefined): string | undefined {
  const ours = toLang(language);
  if (ours) return htmlLang(ours);
  return language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : undefined;
}

/** Plain text to paragraphs: split on blank lines, trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** An href we are willing to print for a stored link: http(s) or a path on this site. Anything else is shown as text only. */
export function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s]+$/i.test(url) || /^\/(?!\/)[^\s]*$/.test(url) ? url : null;
}

/** `tel:` target for a phone number as written in the directory ("+6012 292 6872" → "tel:+60122926872"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}

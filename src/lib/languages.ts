/**
 * The one list of languages: an inquiry's, a release's, an officer's (the database's `language`
 * column), a page's and an email's. Every other list, enum and `Record<Lang, …>` derives from it.
 */
export const LANGUAGES = ['en', 'zh', 'ms'] as const;

export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * Each language's BCP 47 tag, the one locale table: Intl formats dates, names zones and languages
 * and sorts in it, for pages and emails alike. Chinese is Simplified Chinese as written in China.
 */
export const LOCALE_TAG: Readonly<Record<Lang, string>> = { en: 'en-GB', zh: 'zh-Hans-CN', ms: 'ms-MY' };

/** A value outside the list (an untyped caller) is treated as English rather than breaking a page or an email. */
const known = (lang: Lang): Lang => (isLang(lang) ? lang : 'en');

/** The locale tag for Intl formatting (en-GB, zh-Hans-CN, ms-MY). */
export function localeTag(lang: Lang): string {
  return LOCALE_TAG[known(lang)];
}

// <html lang>, hreflang and lang="" name the text's language and script, not where its reader
// lives: the locale tag without its region (en, zh-Hans, ms).
const HTML_LANG = Object.fromEntries(
  LANGUAGES.map((lang) => {
    const { language, script } = new Intl.Locale(LOCALE_TAG[lang]);
    return [lang, script ? `${language}-${script}` : language];
  }),
) as Record<Lang, string>;

/** The tag for <html lang>, hreflang and lang="" (en, zh-Hans, ms), derived from the locale tag. */
export function htmlLang(lang: Lang): string {
  return HTML_LANG[known(lang)];
}

/** The locale to sort in: the locale tag, with Chinese in pinyin order (as a reader in China looks for a name). */
export function collatorLocale(lang: Lang): string {
  const tag = localeTag(lang);
  return known(lang) === 'zh' ? `${tag}-u-co-pinyin` : tag;
}

/**
 * The one way to pick a language from a catalogue (a `Record<Lang, Messages>`): its entry for
 * `lang`, English for a value outside the list.
 */
export function messagesFor<Messages>(catalogue: Readonly<Record<Lang, Messages>>, lang: Lang): Messages {
  return catalogue[known(lang)];
}

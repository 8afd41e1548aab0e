/**
 * The one list of languages: an inquiry's, a release's, an officer's (the database's `language`
 * column), a page's and an email's. Every other list, enum and `Record<Lang, …>` derives from it.
 */
export const LANGUAGES = ['en', 'zh', 'ms'] as const;

export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

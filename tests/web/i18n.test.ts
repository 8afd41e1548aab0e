import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../emails/format.js';
import { collatorLocale, htmlLang, LANGUAGES, LOCALE_TAG, localeTag } from '../../src/lib/languages.js';
import { formatDate } from '../../src/modules/public/format.js';

describe('one locale tag per language', () => {
  it('the languages are English, Chinese and Malay, in that order', () => {
    expect(LANGUAGES).toEqual(['en', 'zh', 'ms']);
  });

  it('each language has one BCP 47 tag for Intl: en-GB, zh-Hans-CN (Simplified Chinese), ms-MY', () => {
    expect(LOCALE_TAG).toEqual({ en: 'en-GB', zh: 'zh-Hans-CN', ms: 'ms-MY' });
    for (const lang of LANGUAGES) expect(localeTag(lang)).toBe(LOCALE_TAG[lang]);
  });

  it('<html lang> is the locale tag without its region: en, zh-Hans, ms', () => {
    expect(LANGUAGES.map(htmlLang)).toEqual(['en', 'zh-Hans', 'ms']);
  });

  it('sorting uses the locale tag, Chinese in pinyin order', () => {
    expect(LANGUAGES.map(collatorLocale)).toEqual(['en-GB', 'zh-Hans-CN-u-co-pinyin', 'ms-MY']);
    expect(['张', '阿', '马'].sort(new Intl.Collator(collatorLocale('zh')).compare)).toEqual(['阿', '马', '张']);
  });

  it('a value outside the list is treated as English', () => {
    const unknown = 'fr' as never;
    expect([localeTag(unknown), htmlLang(unknown), collatorLocale(unknown)]).toEqual(['en-GB', 'en', 'en-GB']);
  });

  it('pages and emails write a date in the same locale', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    for (const lang of LANGUAGES) {
      const emailed = formatDateTime(at, lang, 'Asia/Kuala_Lumpur');
      const dateOnPage = formatDate(at, lang, 'Asia/Kuala_Lumpur');
      const dateInTag = new Intl.DateTimeFormat(LOCALE_TAG[lang], { dateStyle: 'long', timeZone: 'Asia/Kuala_Lumpur' }).format(at);
      expect(dateOnPage).toBe(dateInTag);
      expect(emailed).toBe(
        new Intl.DateTimeFormat(LOCALE_TAG[lang], {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone: 'Asia/Kuala_Lumpur',
          timeZoneName: 'long',
        }).format(at) + (lang === 'zh' ? '（GMT+8）' : ' (GMT+8)'),
      );
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../emails/format.js';
import { collatorLocale, htmlLang, LANGUAGES, LOCALE_TAG, localeTag, messagesFor } from '../../src/lib/languages.js';
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

// The catalogues: emails' beside their templates (`emails/<template>.i18n.ts`), pages' under
// src/web/messages/ and a feature's own under src/modules/<feature>/messages/.
const root = path.resolve(import.meta.dirname, '../..');
const listTs = (dir: string): string[] =>
  fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? listTs(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : []))
    : [];
const sources = [...listTs('src'), ...listTs('emails')];
const catalogueFiles = sources.filter((f) => /^emails\/[^/]+\.i18n\.ts$/.test(f) || /^src\/(web|modules\/[^/]+)\/messages\/[^/]+\.ts$/.test(f));
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

/** What a catalogue entry is made of, without its words: keys (deep), kinds, function arities, list lengths. */
function shape(value: unknown): unknown {
  if (typeof value === 'function') return `function/${value.length}`;
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  }
  return typeof value;
}

/** Every string a catalogue entry holds (functions called with sample arguments). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts((value as (...a: unknown[]) => unknown)(...Array.from({ length: value.length }, () => 2)));
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

describe('one shape for every catalogue, pages and emails alike', () => {
  it('finds the catalogues of pages and emails', () => {
    expect(catalogueFiles).toEqual(
      expect.arrayContaining([
        'emails/acknowledgement.i18n.ts',
        'emails/reply.i18n.ts',
        'emails/shared-article.i18n.ts',
        'src/web/messages/inquiry-form.ts',
        'src/web/messages/layout.ts',
        'src/web/messages/share.ts',
        'src/web/messages/status.ts',
        'src/modules/public/messages/home.ts',
        'src/modules/public/messages/not-found.ts',
      ]),
    );
  });

  describe.each(catalogueFiles)('%s', (file) => {
    it('exports an interface and a Record<Lang, it> built from one block per language, in the order of the list', () => {
      const m = /^export const (\w+Messages): Record<Lang, (\w+Messages)> = \{ ([\w, ]+) \};$/m.exec(read(file));
      expect(m, 'export const xMessages: Record<Lang, XMessages> = { en, zh, ms };').not.toBeNull();
      expect(m![3]).toBe(LANGUAGES.join(', '));
      expect(read(file)).toMatch(new RegExp(`^export interface ${m![2]} \\{$`, 'm'));
      for (const lang of LANGUAGES) expect(read(file)).toMatch(new RegExp(`^const ${lang}: ${m![2]} = \\{$`, 'm'));
    });

    it('every language has the same keys as English, all the way down, and no empty text', async () => {
      const module = (await import(path.join(root, file))) as Record<string, unknown>;
      const catalogues = Object.entries(module).filter(([name]) => name.endsWith('Messages'));
      expect(catalogues).toHaveLength(1);
      const catalogue = catalogues[0]![1] as Record<string, unknown>;
      expect(Object.keys(catalogue)).toEqual([...LANGUAGES]);
      for (const lang of LANGUAGES) {
        expect(shape(catalogue[lang]), lang).toEqual(shape(catalogue.en));
        expect(texts(catalogue[lang]).filter((t) => t.trim() === ''), lang).toEqual([]);
      }
    });

    it('holds no <html lang> value: that comes from the locale table', () => {
      expect(read(file)).not.toMatch(/htmlLang/);
    });
  });

  it('templates and pages hold no wording by language of their own, and pick a language one way (messagesFor)', () => {
    const outside = sources.filter((f) => !catalogueFiles.includes(f) && f !== 'src/lib/languages.ts');
    const inline = outside.filter((f) => /\bconst STRINGS\b|\b(?:lang|props\.lang|p\.lang) === '(?:en|zh|ms)'/.test(read(f)));
    const indexed = sources.filter((f) => /\b\w+Messages\[/.test(read(f)));
    expect({ inline, indexed }).toEqual({ inline: [], indexed: [] });
  });

  it('picks English for a language outside the list', () => {
    expect(messagesFor({ en: 'a', zh: 'b', ms: 'c' }, 'fr' as never)).toBe('a');
  });
});

describe('one language list and one locale table', () => {
  const others = sources.filter((f) => f !== 'src/lib/languages.ts');

  it('no file in src/ or emails/ but src/lib/languages.ts spells the list of languages (as an array or a union)', () => {
    const list = /(?:['"](?:en|zh|ms)['"]\s*[,|]\s*){2}['"](?:en|zh|ms)['"]/;
    expect(others.filter((f) => list.test(read(f)))).toEqual([]);
  });

  it('no file in src/ or emails/ but src/lib/languages.ts names a locale tag of ours, or zh-CN, as a string', () => {
    const tag = /['"](?:en-GB|zh-Hans|zh-Hans-CN|ms-MY|zh-CN)['"]/;
    expect(others.filter((f) => tag.test(read(f)))).toEqual([]);
  });

  it('the patterns above match the list and the table where they live', () => {
    const home = read('src/lib/languages.ts');
    expect(home).toMatch(/(?:['"](?:en|zh|ms)['"]\s*[,|]\s*){2}['"](?:en|zh|ms)['"]/);
    expect(home).toMatch(/['"]zh-Hans-CN['"]/);
  });
});

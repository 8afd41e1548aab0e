import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG, DEMO_CONTACTS } from '../../../db/seeds/demo.js';
import { htmlLang as htmlLangOf } from '../../../src/lib/languages.js';
import { withLang, type Lang } from '../../../src/web/i18n.js';
import { BASE_URL, buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';

// The public media-centre pages in en / zh-Hans / ms,
// with language negotiation, caching headers and localised 404s.

let t: TestContext;
const now = new Date(TEST_NOW).getTime();
const LANGS: Lang[] = ['en', 'zh', 'ms'];

const SCRIPT_SLUG = 'pages-script-release';
const HTML_SLUG = 'pages-html-release';
const DRAFT_SLUG = 'pages-draft-release';
const SCHEDULED_SLUG = 'pages-scheduled-release';

beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  // Everything the pages should (or should not) show is in place before the first request,
  // so the few seconds the pages are kept rendered do not matter here (see page-cache.test.ts).
  const base = { dateline: 'BANGKOK, 1 December 2026', body: 'Embargoed text.' };
  await t.db
    .insertInto('articles')
    .values([
      { ...base, slug: DRAFT_SLUG, title: 'Draft release nobody may see', published_at: null },
      { ...base, slug: SCHEDULED_SLUG, title: 'Scheduled release not out yet', published_at: new Date(now + 3_600_000) },
      {
        slug: SCRIPT_SLUG,
        title: 'Evil <script>alert("title")</script> release',
        subtitle: '<img src=x onerror=alert(1)>',
        dateline: 'KUALA LUMPUR, <b>1</b> June 2026',
        body: 'First <script>alert("body")</script> paragraph.\n\nSecond paragraph & more.',
        published_at: new Date(now - 2 * 86_400_000),
      },
      {
        slug: HTML_SLUG,
        title: '各国政府承诺加强儿童权利合作',
        dateline: '北京，2026年11月29日',
        body: 'plain fallback that must not show',
        // Written straight to the database, past the API's sanitiser: the page sanitises again.
        body_html: '<p>Rich <strong>text</strong> from an integrator.</p><h2>Section heading</h2><p onclick="alert(3)">Tail <a href="javascript:alert(2)">x</a></p><script>alert(1)</script>',
        language: 'zh',
        published_at: new Date(now - 86_400_000),
      },
    ])
    .execute();
  const html = await t.db.selectFrom('articles').select('id').where('slug', '=', HTML_SLUG).executeTakeFirstOrThrow();
  await t.db
    .insertInto('article_links')
    .values([
      { article_id: html.id, position: 0, label: 'Safe link', url: 'https://example.org/report' },
      { article_id: html.id, position: 1, label: 'Sneaky link', url: 'javascript:alert(1)' },
    ])
    .execute();
  // Inactive office and contact: never listed.
  const closed = await t.db
    .insertInto('offices')
    .values({ code: 'closed', name: 'Closed Office Nowhere', city: 'Atlantis', time_zone: 'UTC', kind: 'country', email: 'closed@example.org', active: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('contacts').values({ office_id: closed.id, name: 'Olive Closedoffice', title: 'Gone', email: 'olive@example.org' }).execute();
  const malaysia = await t.db.selectFrom('offices').select('id').where('code', '=', 'malaysia').executeTakeFirstOrThrow();
  await t.db.insertInto('contacts').values({ office_id: malaysia.id, name: 'Ivan Inactive', title: 'Former officer', email: 'ivan@example.org', active: false }).execute();
});
afterAll(async () => {
  await t.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await t.request(path, { headers });
  return { res, html: await res.text() };
}

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

/** The language switch: each link's href, lang and hreflang. */
function switchLinks(html: string) {
  return [...html.matchAll(/<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), lang: m[2], hreflang: m[3] }));
}

const PAGES: { path: string; label: Record<Lang, string> }[] = [
  { path: '/', label: { en: 'Latest news releases', zh: '最新新闻稿', ms: 'Kenyataan media terkini' } },
  {
    path: `/news/${DEMO_ARTICLE_SLUG}`,
    label: { en: 'Ask the press office about this release', zh: '就本新闻稿向新闻办公室提问', ms: 'Tanya pejabat media tentang kenyataan ini' },
  },
  { path: '/contacts', label: { en: 'Office email', zh: '办公室电子邮件', ms: 'E-mel pejabat' } },
  {
    path: '/guidelines/children',
    label: { en: 'Ethical guidelines for reporting on children', zh: '儿童报道道德准则', ms: 'Garis panduan etika untuk melaporkan tentang kanak-kanak' },
  },
];

describe('every public page in every language', () => {
  for (const p of PAGES) {
    for (const lang of LANGS) {
      it(`${p.path} in ${lang}: <html lang>, its labels, the menu and the language switch`, async () => {
        const { res, html } = await page(withLang(p.path, lang));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(htmlLang(html)).toBe(htmlLangOf(lang));
        expect(html).toContain(p.label[lang]);
        // The menu keeps the reader's language.
        expect(html).toContain(`href="${withLang('/contacts', lang)}"`);
        expect(html).toContain(`href="${withLang('/guidelines/children', lang)}"`);
        // The switch: the same page in each of the three languages, marked with hreflang.
        expect(switchLinks(html)).toEqual(LANGS.map((l) => ({ href: withLang(p.path, l), lang: htmlLangOf(l), hreflang: htmlLangOf(l) })));
        // No script: the pages work without JavaScript (the release page's share form may add its
        // own self-hosted widget, with the mailto: link for readers without JavaScript).
        if (!p.path.startsWith('/news/')) expect(html).not.toMatch(/<script/i);
      });
    }
  }
});

describe('language negotiation and HTTP caching', () => {
  it('Accept-Language picks the language, ?lang= overrides it, and responses vary on Accept-Language', async () => {
    expect(htmlLang((await page('/', { 'accept-language': 'ms-MY,ms;q=0.9,en;q=0.5' })).html)).toBe('ms');
    expect(htmlLang((await page('/contacts', { 'accept-language': 'zh-CN,zh;q=0.9' })).html)).toBe('zh-Hans');
    expect(htmlLang((await page('/contacts', { 'accept-language': 'fr-FR,de;q=0.8' })).html)).toBe('en');
    const overridden = await page('/contacts?lang=en', { 'accept-language': 'zh-CN' });
    expect(htmlLang(overridden.html)).toBe('en');
    expect(overridden.res.headers.get('vary')).toMatch(/Accept-Language/i);
  });

  it('a page has an ETag and public Cache-Control; If-None-Match gives 304 with no body; another language has another ETag', async () => {
    const path = `/news/${DEMO_ARTICLE_SLUG}?lang=zh`;
    const first = await t.request(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    // 60 s promised, less the 5 s the server may already have held the rendered page.
    expect(first.headers.get('cache-control')).toBe('public, max-age=55');
    expect(first.headers.get('vary')).toMatch(/Accept-Language/i);

    const again = await t.request(path, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const stale = await t.request(path, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    const en = await t.request(`/news/${DEMO_ARTICLE_SLUG}?lang=en`, { headers: { 'if-none-match': etag! } });
    expect(en.status).toBe(200);
    expect(en.headers.get('etag')).not.toBe(etag);
  });

  it('/news sends the reader to the front page, keeping the chosen language', async () => {
    const plain = await t.request('/news');
    expect(plain.status).toBe(302);
    expect(plain.headers.get('location')).toBe('/');
    const zh = await t.request('/news?lang=zh');
    expect(zh.headers.get('location')).toBe('/?lang=zh');
  });
});

describe('/ the media centre', () => {
  it('lists published releases newest first, with dateline and localised date, and never a draft or a scheduled one', async () => {
    const { html } = await page('/?lang=en');
    expect(html).toContain(`href="/news/${DEMO_ARTICLE_SLUG}?lang=en"`);
    expect(html).toContain('BEIJING, 6 November 2010');
    expect(html).toContain('<time datetime="2010-11-06T00:00:00.000Z">6 November 2010</time>');
    const order = [HTML_SLUG, SCRIPT_SLUG, DEMO_ARTICLE_SLUG].map((s) => html.indexOf(`/news/${s}?`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain(DRAFT_SLUG);
    expect(html).not.toContain(SCHEDULED_SLUG);
    // A Chinese release on an English page is marked as Chinese.
    expect(html).toMatch(new RegExp(`href="/news/${HTML_SLUG}\\?lang=en" lang="zh-Hans"`));
    expect((await page('/?lang=zh')).html).toContain('2010年11月6日');
  });

  it('shows the press contacts in short, by office, linking to the directory', async () => {
    const { html } = await page('/?lang=ms');
    for (const c of DEMO_CONTACTS) expect(html).toContain(c.name);
    expect(html).toContain('href="/contacts?lang=ms#office-malaysia"');
    expect(html).toContain('UNICEF East Asia and Pacific Regional Office');
    expect(html).not.toContain('Ivan Inactive');
    expect(html).not.toContain('Closed Office Nowhere');
    expect(html).toContain('href="/inquiries/new?lang=ms"');
    expect(html).toContain('href="/guidelines/children?lang=ms"');
  });
});

describe('/news/{slug} a release', () => {
  it('shows title, subtitle, dateline, localised date, body paragraphs, related links and the press contacts', async () => {
    const { html } = await page(`/news/${DEMO_ARTICLE_SLUG}?lang=ms`);
    expect(html).toContain('<h1 id="release-title" lang="en">Asia-Pacific governments commit to increase cooperation for child rights</h1>');
    expect(html).toContain('Beijing Declaration');
    expect(html).toContain('<span lang="en">BEIJING, 6 November 2010</span>');
    expect(html).toContain('Diterbitkan <time datetime="2010-11-06T00:00:00.000Z">6 November 2010</time>');
    expect(html).toMatch(/<div class="release-body" lang="en"><p>Governments from 28 countries|<p>BEIJING/);
    expect((html.match(/<p>/g) ?? []).length).toBeGreaterThan(8);
    expect(html).toContain('href="https://www.unicef.org/child-rights-convention">Convention on the Rights of the Child</a>');
    for (const c of DEMO_CONTACTS) {
      expect(html).toContain(c.name);
      expect(html).toContain(`href="mailto:${c.email}"`);
      expect(html).toContain(`>${c.phone}</a>`);
    }
    expect(html).toContain('href="tel:+60122926872"');
    expect(html).toContain('Hubungan media bagi kenyataan ini');
  });

  it('links prominently to the inquiry form carrying the article and the language, and renders the share section', async () => {
    const { html } = await page(`/news/${DEMO_ARTICLE_SLUG}?lang=zh`);
    expect(html).toContain(`<a class="button" href="/inquiries/new?article=${DEMO_ARTICLE_SLUG}&amp;lang=zh">就本新闻稿向新闻办公室提问</a>`);
    // The share section gets the public URL of the release (its mailto: link carries it).
    expect(html).toContain(encodeURIComponent(`${BASE_URL}/news/${DEMO_ARTICLE_SLUG}`));
  });

  it('escapes a title, subtitle, dateline and body that hold markup (stored straight in the database)', async () => {
    const { res, html } = await page(`/news/${SCRIPT_SLUG}`);
    expect(res.status).toBe(200);
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>1</b>');
    expect(html).toContain('Evil &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; release');
    expect(html).toContain('<p>First &lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt; paragraph.</p><p>Second paragraph &amp; more.</p>');
  });

  it('renders a sanitised HTML body as HTML, in its own language, and prints no href for a non-http link', async () => {
    const { res, html } = await page(`/news/${HTML_SLUG}?lang=en`);
    expect(res.status).toBe(200);
    expect(html).toContain('<div class="release-body" lang="zh-Hans"><p>Rich <strong>text</strong> from an integrator.</p><h2>Section heading</h2><p>Tail <a>x</a></p></div>');
    expect(html).not.toMatch(/onclick|alert\(1\)/);
    expect(html).not.toContain('plain fallback');
    expect(html).toContain('<h1 id="release-title" lang="zh-Hans">各国政府承诺加强儿童权利合作</h1>');
    expect(html).toContain('<a href="https://example.org/report">Safe link</a>');
    expect(html).toContain('<li>Sneaky link</li>');
    expect(html).not.toContain('javascript:');
    // The page's own labels stay English.
    expect(htmlLang(html)).toBe('en');
    expect(html).toContain('Ask the press office about this release');
  });

  const missing: [string, string][] = [
    ['an unknown slug', '/news/no-such-release'],
    ['a draft (published_at null)', `/news/${DRAFT_SLUG}`],
    ['a release scheduled after the clock', `/news/${SCHEDULED_SLUG}`],
    ['an upper-case slug', '/news/Asia-Pacific'],
    ['a slug with odd characters', '/news/a_b%3Cscript%3E'],
    ['a slug with a trailing hyphen', '/news/abc-'],
    ['an over-long slug', `/news/${'a'.repeat(201)}`],
  ];
  for (const [what, path] of missing) {
    it(`${what} is the localised 404 page, cached only briefly`, async () => {
      const zh = await page(path, { 'accept-language': 'zh-CN' });
      expect(zh.res.status).toBe(404);
      expect(htmlLang(zh.html)).toBe('zh-Hans');
      expect(zh.html).toContain('找不到页面');
      expect(zh.res.headers.get('cache-control')).toBe('public, max-age=10');
      expect(zh.res.headers.get('etag')).toBeNull();
      expect(zh.html).not.toContain('Draft release nobody may see');
      expect(zh.html).not.toContain('Scheduled release not out yet');
      const ms = await page(`${path}?lang=ms`);
      expect(ms.res.status).toBe(404);
      expect(ms.html).toContain('Halaman tidak ditemui');
    });
  }
});

describe('/contacts the directory', () => {
  it('lists each active office with city, time zone and email, and its active officers with title, phone and email', async () => {
    const { html } = await page('/contacts?lang=en');
    const offices = [
      ['china', 'UNICEF Media China', 'Beijing', 'China Standard Time (Asia/Shanghai)', 'media.china@example.org'],
      ['malaysia', 'UNICEF Media Malaysia', 'Kuala Lumpur', '(Asia/Kuala_Lumpur)', 'media.malaysia@example.org'],
      ['eapro', 'UNICEF East Asia and Pacific Regional Office', 'Bangkok', '(Asia/Bangkok)', 'media.eapro@example.org'],
      ['hq', 'UNICEF Media, New York', 'New York', 'Eastern Time (America/New_York)', 'media.hq@example.org'],
    ];
    let last = -1;
    for (const [code, name, city, tz, email] of offices) {
      const at = html.indexOf(`id="office-${code}"`);
      expect(at).toBeGreaterThan(last); // country offices first, then regional, then head office
      last = at;
      for (const s of [name, `<dd>${city}</dd>`, tz, `href="mailto:${email}"`]) expect(html).toContain(s);
    }
    for (const c of DEMO_CONTACTS) {
      expect(html).toContain(`<p class="person">${c.name}</p>`);
      expect(html).toContain(`href="mailto:${c.email}"`);
      expect(html).toContain(c.phone);
    }
    // Indra is in the Malaysia section, Dale in China's.
    const section = (code: string) => html.slice(html.indexOf(`id="office-${code}"`), html.indexOf('</section>', html.indexOf(`id="office-${code}"`)));
    expect(section('malaysia')).toContain('Indra Kumari Nadchatram');
    expect(section('malaysia')).not.toContain('Dale Rutstein');
    expect(section('china')).toContain('Dale Rutstein');
    expect(section('china')).toContain('English, Chinese');
    expect(html).not.toContain('Ivan Inactive');
    expect(html).not.toContain('Closed Office Nowhere');
    expect(html).not.toContain('Olive Closedoffice');
  });

  it('names time zones and languages in the page language', async () => {
    const zh = (await page('/contacts?lang=zh')).html;
    expect(zh).toContain('中国标准时间 (Asia/Shanghai)');
    expect(zh).toContain('英语、中文');
    const ms = (await page('/contacts?lang=ms')).html;
    expect(ms).toContain('Waktu Piawai China (Asia/Shanghai)');
    expect(ms).toContain('<dd>Inggeris, Melayu</dd>');
  });
});

describe('/guidelines/children', () => {
  const principles: Record<Lang, string[]> = {
    en: ['Do no harm', 'best interests', 'Informed consent, from the child and the guardian', 'Protect privacy and identity', 'Do not pay', 'Verify', 'A press officer will help you arrange consent'],
    zh: ['不造成伤害', '儿童的最大利益优先', '知情同意', '保护隐私和身份', '不为采访付费', '核实信息', '新闻官员将协助您取得同意'],
    ms: ['Jangan mendatangkan mudarat', 'Kepentingan terbaik kanak-kanak', 'Persetujuan termaklum', 'Lindungi privasi dan identiti', 'Jangan membayar', 'Sahkan maklumat', 'Pegawai media akan membantu'],
  };
  for (const lang of LANGS) {
    it(`states the principles and the offer to arrange consent, in ${lang}`, async () => {
      const { res, html } = await page(`/guidelines/children?lang=${lang}`);
      expect(res.status).toBe(200);
      for (const s of principles[lang]) expect(html).toContain(s);
      expect(html).toContain(`href="/inquiries/new?lang=${lang}"`);
      expect(html).toContain('aria-current="page"');
    });
  }
});

describe('the site-wide not-found page', () => {
  it('answers any unknown page with the localised 404 page; the API keeps problem+json', async () => {
    const ms = await page('/no/such/page?lang=ms&x=1');
    expect(ms.res.status).toBe(404);
    expect(ms.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(htmlLang(ms.html)).toBe('ms');
    expect(ms.html).toContain('Halaman tidak ditemui');
    // The switch keeps the requested path and query, without the old lang.
    expect(switchLinks(ms.html).map((l) => l.href)).toEqual(['/no/such/page?x=1&lang=en', '/no/such/page?x=1&lang=zh', '/no/such/page?x=1&lang=ms']);
    const en = await page('/nothing-here');
    expect(en.html).toContain('Page not found');

    const api = await t.request('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });
});

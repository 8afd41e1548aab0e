import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { DEMO_ARTICLE, DEMO_ARTICLE_TITLE, tagWithId } from './form-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await t.request(path, { headers });
  return { res, html: await res.text() };
}

describe('GET /inquiries/new: the inquiry form', () => {
  it.each([
    ['en', 'en', 'Ask the press office', 'Your name', 'Malaysia', 'Does your story involve interviewing or photographing children?', 'Privacy notice version 2026-11', "My country&#39;s time"],
    ['zh', 'zh-Hans', '向新闻办公室提问', '您的姓名', '马来西亚', '您的报道是否涉及采访或拍摄儿童？', '隐私声明版本 2026-11', '我所在国家的时间'],
    ['ms', 'ms', 'Tanya pejabat media', 'Nama anda', 'Malaysia', 'Adakah cerita anda melibatkan temu bual atau fotografi kanak-kanak?', 'Notis privasi versi 2026-11', 'Waktu negara saya'],
  ])('renders in %s with <html lang>, labels, localised countries, the children question and the privacy notice version', async (lang, htmlLang, title, nameLabel, malaysia, children, version, countryZone) => {
    const { res, html } = await page(`/inquiries/new?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<html lang="${htmlLang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<label for="f-name">${nameLabel}</label>`);
    expect(html).toContain(`<option value="MY">${malaysia}</option>`);
    expect(html).toContain(children);
    expect(html).toContain(version);
    expect(html).toContain(`<option value="country" selected="">${countryZone}</option>`);
    // The reply language defaults to the page's.
    expect(html).toMatch(new RegExp(`<option value="${lang}" selected="">`));
    // The form posts back in the page's language, and the switch links to the other two.
    expect(html).toContain(`action="/inquiries/new?lang=${lang}"`);
    for (const other of ['en', 'zh', 'ms']) expect(html).toContain(`href="/inquiries/new?lang=${other}"`);
  });

  it('countries are named in the page language throughout (China in Chinese is 中国; Germany in Malay is Jerman)', async () => {
    expect((await page('/inquiries/new?lang=zh')).html).toContain('<option value="CN">中国</option>');
    expect((await page('/inquiries/new?lang=ms')).html).toContain('<option value="DE">Jerman</option>');
    expect((await page('/inquiries/new?lang=en')).html).toContain('<option value="DE">Germany</option>');
    // Found under C, not under "People's Republic of".
    expect((await page('/inquiries/new?lang=en')).html).toContain('<option value="CN">China</option>');
  });

  it('Accept-Language picks the language when there is no ?lang=', async () => {
    const { html, res } = await page('/inquiries/new', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(html).toContain('<html lang="zh-Hans">');
    expect(res.headers.get('vary')).toContain('Accept-Language');
  });

  it('has every field of the contract: outlet types, the topics table, a date, time and zone for the deadline, yes/no radios, consent', async () => {
    const { html } = await page('/inquiries/new?lang=en');
    for (const name of ['name', 'email', 'phone', 'outlet', 'outletType', 'country', 'language', 'topic', 'subject', 'message', 'deadlineDate', 'deadlineTime', 'deadlineZone', 'consent']) {
      expect(html, name).toMatch(new RegExp(`name="${name}"`));
    }
    expect(html).toContain('<option value="broadcast">Radio or television</option>');
    expect(html).toContain('<option value="child-protection">Child protection</option>');
    expect(html).toContain('type="date"');
    expect(html).toContain('type="time"');
    expect(html).toContain('<option value="Asia/Kuala_Lumpur">Asia/Kuala Lumpur</option>');
    expect(html.match(/type="radio" name="involvesChildren"/g)).toHaveLength(2);
    expect(tagWithId(html, 'f-consent')).toContain('type="checkbox"');
    // Works without JavaScript: no script at all, a plain POST form.
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<form class="inquiry" method="post"/);
  });

  it('the honeypot is hidden by a CSS class, out of the tab order, without autocomplete, and labelled for humans', async () => {
    const { html } = await page('/inquiries/new?lang=ms');
    const input = tagWithId(html, 'f-website');
    expect(input).toContain('name="website"');
    expect(input).toContain('tabindex="-1"');
    expect(input).toContain('autocomplete="off"');
    expect(html).toContain('<div class="hp"><label for="f-website">Biarkan ruangan ini kosong');
    const css = await (await t.request('/assets/public.css')).text();
    expect(css).toMatch(/\.hp\{position:absolute;left:-10000px/);
  });

  it('?article= from a release shows "About: <title>" and carries the slug; an unknown slug is ignored', async () => {
    const { html } = await page(`/inquiries/new?lang=en&article=${DEMO_ARTICLE}`);
    expect(html).toContain(`<strong>About:</strong> ${DEMO_ARTICLE_TITLE}`);
    expect(html).toContain(`<input type="hidden" name="articleSlug" value="${DEMO_ARTICLE}"/>`);
    // The language switch keeps the article.
    expect(html).toContain(`href="/inquiries/new?article=${DEMO_ARTICLE}&amp;lang=zh"`);

    const unknown = await page('/inquiries/new?lang=en&article=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(unknown.res.status).toBe(200);
    expect(unknown.html).not.toContain('name="articleSlug"');
    expect(unknown.html).not.toContain('About:');
    expect(unknown.html).not.toMatch(/<script/i);
  });

  it('each rendering carries its own 128-bit one-time token, so the form page is never cached (no-store, no ETag)', async () => {
    const tokenOf = (html: string) => /<input type="hidden" name="formToken" value="([^"]*)"\/>/.exec(html)?.[1];
    const first = await page('/inquiries/new?lang=en');
    const second = await page('/inquiries/new?lang=en');
    const a = tokenOf(first.html);
    const b = tokenOf(second.html);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(first.res.headers.get('etag')).toBeNull();
  });
});

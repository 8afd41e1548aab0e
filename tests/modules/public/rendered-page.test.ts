import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cacheableHtml } from '../../../src/web/cacheable-html.js';
import { contentLang, paragraphs, safeHref, telHref } from '../../../src/modules/public/format.js';
import { renderedPage, sendRenderedPage } from '../../../src/web/rendered-page.js';

// The public pages answer from a pre-rendered page (bytes and ETag computed
// once); the answers must be the ones cacheableHtml gives for the same HTML.

const HTML = '<!doctype html><html lang="zh-Hans"><body><p>新闻稿 &amp; release</p></body></html>';
const app = new Hono()
  .get('/cacheable', (c) => cacheableHtml(c, HTML, { maxAgeSeconds: 55 }))
  .get('/rendered', (c) => sendRenderedPage(c, renderedPage(HTML), { maxAgeSeconds: 55 }));

const HEADERS = ['etag', 'cache-control', 'vary', 'content-type'];
const pick = (res: Response) => Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)]));

describe('sendRenderedPage answers as cacheableHtml does', () => {
  it('200: same body, ETag, Cache-Control, Vary and content type', async () => {
    const [a, b] = await Promise.all([app.request('/cacheable'), app.request('/rendered')]);
    expect(b.status).toBe(200);
    expect(pick(b)).toEqual(pick(a));
    expect(await b.text()).toBe(await a.text());
    expect(await (await app.request('/rendered')).text()).toBe(HTML);
  });

  for (const variant of ['exact', 'weak', 'in a list'] as const) {
    it(`304 for a matching If-None-Match (${variant}), 200 for another`, async () => {
      const etag = (await app.request('/cacheable')).headers.get('etag')!;
      const header = variant === 'exact' ? etag : variant === 'weak' ? `W/${etag}` : `"other", ${etag}`;
      for (const path of ['/cacheable', '/rendered']) {
        const res = await app.request(path, { headers: { 'if-none-match': header } });
        expect(res.status, path).toBe(304);
        expect(await res.text()).toBe('');
        expect(res.headers.get('etag')).toBe(etag);
        expect((await app.request(path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
      }
    });
  }
});

describe('format helpers', () => {
  it('splits plain text into paragraphs on blank lines only', () => {
    expect(paragraphs('One\nstill one.\n\n  Two  \r\n\r\nThree\n \n\n')).toEqual(['One\nstill one.', 'Two', 'Three']);
    expect(paragraphs('')).toEqual([]);
  });

  it('prints hrefs only for http(s) and same-site paths', () => {
    expect(safeHref('https://www.unicef.org/eap/')).toBe('https://www.unicef.org/eap/');
    expect(safeHref('/contacts')).toBe('/contacts');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', '//evil.example', 'vbscript:x', 'http://a b']) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it('marks content language as BCP 47, and phone numbers as tel: targets', () => {
    expect(contentLang('zh')).toBe('zh-Hans');
    expect(contentLang('en')).toBe('en');
    expect(contentLang('th')).toBe('th');
    expect(contentLang('"><x')).toBeUndefined();
    expect(telHref('+6012 292 6872')).toBe('tel:+60122926872');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createPageCache } from '../../../src/modules/public/page-cache.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

// The public pages are kept rendered for PUBLIC_PAGE_CACHE_SECONDS; an
// unpublished release must disappear within that, and the Cache-Control
// max-age is shortened by it so the total stays within 60 s.

describe('createPageCache', () => {
  it('renders once per key while fresh, shares a render between concurrent misses, renders again once expired', async () => {
    let clock = 0;
    const cache = createPageCache(5, () => clock);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 5));
      return `v${renders}`;
    };
    expect(await Promise.all([cache.get('k', render), cache.get('k', render), cache.get('k', render)])).toEqual(['v1', 'v1', 'v1']);
    expect(renders).toBe(1);
    clock = 4_999;
    expect(await cache.get('k', render)).toBe('v1');
    expect(await cache.get('other', render)).toBe('v2');
    clock = 5_001;
    expect(await cache.get('k', render)).toBe('v3');
    expect(renders).toBe(3);
  });

  it('keeps nothing when the time is 0, and does not keep a failed render', async () => {
    let renders = 0;
    const off = createPageCache(0);
    await off.get('k', async () => ++renders);
    await off.get('k', async () => ++renders);
    expect(renders).toBe(2);

    const cache = createPageCache(5);
    await expect(cache.get('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('k', async () => 'recovered')).toBe('recovered');
  });

  it('stays bounded when someone requests thousands of different keys', async () => {
    let clock = 0;
    const cache = createPageCache(60, () => clock);
    for (let i = 0; i < 2_500; i++) await cache.get(`slug-${i}`, async () => i);
    let renders = 0;
    // The oldest keys were dropped, the newest are still kept.
    await cache.get('slug-0', async () => ++renders);
    await cache.get('slug-2499', async () => ++renders);
    expect(renders).toBe(1);
  });

  it('PUBLIC_PAGE_CACHE_SECONDS defaults to 5 and may not exceed 30', () => {
    expect(loadConfig({}).PUBLIC_PAGE_CACHE_SECONDS).toBe(5);
    expect(loadConfig({ PUBLIC_PAGE_CACHE_SECONDS: '0' }).PUBLIC_PAGE_CACHE_SECONDS).toBe(0);
    expect(() => loadConfig({ PUBLIC_PAGE_CACHE_SECONDS: '31' })).toThrow(ConfigError);
  });
});

describe('an unpublished release disappears within PUBLIC_PAGE_CACHE_SECONDS', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestContext({ smtp: false, env: { PUBLIC_PAGE_CACHE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is still served from the cache at once, and is a 404 (and off the front page) a second later', async () => {
    const path = `/news/${DEMO_ARTICLE_SLUG}`;
    const first = await t.request(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=59');
    expect(await (await t.request('/')).text()).toContain(`/news/${DEMO_ARTICLE_SLUG}?`);

    await t.db.updateTable('articles').set({ published_at: null }).where('slug', '=', DEMO_ARTICLE_SLUG).execute();
    // Within the second the rendered page is kept: proof the cache is in use.
    expect((await t.request(path)).status).toBe(200);

    await new Promise((r) => setTimeout(r, 1_100));
    const gone = await t.request(path);
    expect(gone.status).toBe(404);
    expect(await (await t.request('/')).text()).not.toContain(`/news/${DEMO_ARTICLE_SLUG}?`);

    // Published again: back as soon as the short-lived entry has expired.
    await t.db.updateTable('articles').set({ published_at: new Date('2010-11-06T00:00:00Z') }).where('slug', '=', DEMO_ARTICLE_SLUG).execute();
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await t.request(path)).status).toBe(200);
  });
});

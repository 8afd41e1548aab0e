import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ContactsPage } from './contacts.page.js';
import { GuidelinesPage } from './guidelines.page.js';
import { HomePage } from './home.page.js';
import { pageLang, withLang } from '../../web/i18n.js';
import { ReleasePage } from './news.page.js';
import { notFoundResponse } from './not-found.page.js';
import { pageCache, pageMaxAge } from './page-cache.js';
import { findRelease, latestReleases, pressDirectory } from './public.repository.js';
import { renderedPage, sendRenderedPage } from '../../web/rendered-page.js';

/** Same rule as the articles API: lower-case words joined by hyphens. Anything else is a 404, not a query. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The media centre's pages for readers. Anonymous and the same for everyone
 * with the same URL and language, so each is rendered once per few seconds
 * (page-cache.ts), kept with its bytes and ETag (rendered-page.ts: the same
 * answers as cacheableHtml, without hashing on every request), 304 on If-None-Match.
 */
export const publicPages = new Hono<AppEnv>();

publicPages.get('/', async (c) => {
  const deps = c.get('deps');
  const lang = pageLang(c);
  const page = await pageCache(deps).get(`home ${lang}`, async () => {
    const [releases, offices] = await Promise.all([latestReleases(deps.db, deps.clock.now()), pressDirectory(deps.db)]);
    return renderedPage(await (<HomePage lang={lang} releases={releases} offices={offices} />).toString());
  });
  return sendRenderedPage(c, page, { maxAgeSeconds: pageMaxAge(deps) });
});

// The releases are listed on the front page.
publicPages.get('/news', (c) => {
  const lang = c.req.query('lang');
  return c.redirect(lang ? withLang('/', pageLang(c)) : '/', 302);
});

publicPages.get('/news/:slug', async (c) => {
  const deps = c.get('deps');
  const slug = c.req.param('slug');
  if (slug.length > 200 || !SLUG.test(slug)) return notFoundResponse(c);
  const lang = pageLang(c);
  const page = await pageCache(deps).get(`news ${slug} ${lang}`, async () => {
    const release = await findRelease(deps.db, slug, deps.clock.now());
    if (!release) return null;
    const url = `${deps.config.PUBLIC_BASE_URL}/news/${slug}`;
    return renderedPage(await (<ReleasePage lang={lang} release={release} url={url} />).toString());
  });
  if (page === null) return notFoundResponse(c);
  return sendRenderedPage(c, page, { maxAgeSeconds: pageMaxAge(deps) });
});

publicPages.get('/contacts', async (c) => {
  const deps = c.get('deps');
  const lang = pageLang(c);
  const page = await pageCache(deps).get(`contacts ${lang}`, async () => {
    const offices = await pressDirectory(deps.db);
    return renderedPage(await (<ContactsPage lang={lang} offices={offices} />).toString());
  });
  return sendRenderedPage(c, page, { maxAgeSeconds: pageMaxAge(deps) });
});

publicPages.get('/guidelines/children', async (c) => {
  const deps = c.get('deps');
  const lang = pageLang(c);
  const page = await pageCache(deps).get(`guidelines ${lang}`, async () => renderedPage(await (<GuidelinesPage lang={lang} />).toString()));
  return sendRenderedPage(c, page, { maxAgeSeconds: pageMaxAge(deps) });
});

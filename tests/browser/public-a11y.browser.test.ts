import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../db/seeds/demo.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite } from './server.js';

// Axe-core in real Chromium finds no serious or critical
// violation on the public media-centre pages, in each language.

const suite = browserSuite({ smtp: false });

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

const PAGES = ['/', `/news/${DEMO_ARTICLE_SLUG}`, '/contacts', '/guidelines/children'];
const HTML_LANG = { en: 'en', zh: 'zh-Hans', ms: 'ms' } as const;

describe('public pages, accessibility (axe): no serious or critical violations', () => {
  for (const lang of ['en', 'zh', 'ms'] as const) {
    it(
      `${PAGES.join(', ')} in ${lang}`,
      async () => {
        const page = await suite.open();
        for (const path of PAGES) {
          const res = await page.goto(`${path}?lang=${lang}`);
          expect(res?.status(), path).toBe(200);
          expect(await page.getAttribute('html', 'lang')).toBe(HTML_LANG[lang]);
          // The public stylesheet is applied (CSP allows it), so contrast is checked against the real colours.
          expect(await page.evaluate(() => getComputedStyle(document.querySelector('ul.menu')!).display)).toBe('flex');
          expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
          expect(await seriousViolations(page), `${path}?lang=${lang}`).toEqual([]);
        }
      },
      BROWSER_TEST_TIMEOUT_MS,
    );
  }

  it(
    'the not-found page (an unknown release, any unknown page), in each language',
    async () => {
      const page = await suite.open();
      const titles = { en: 'Page not found', zh: '找不到页面', ms: 'Halaman tidak ditemui' } as const;
      for (const lang of ['en', 'zh', 'ms'] as const) {
        for (const path of ['/news/no-such-release', '/no/such/page']) {
          const res = await page.goto(`${path}?lang=${lang}`);
          expect(res?.status()).toBe(404);
          expect(await page.getAttribute('html', 'lang')).toBe(HTML_LANG[lang]);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(titles[lang]);
          expect(await seriousViolations(page), `${path}?lang=${lang}`).toEqual([]);
        }
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the release page reads on a phone without sideways scrolling',
    async () => {
      const page = await suite.open();
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`/news/${DEMO_ARTICLE_SLUG}?lang=ms`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expect.poll(() => page.getByRole('link', { name: 'Tanya pejabat media tentang kenyataan ini' }).count()).toBe(1);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

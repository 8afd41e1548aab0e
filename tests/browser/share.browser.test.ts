import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../db/seeds/demo.js';
import { at, BROWSER_TEST_TIMEOUT_MS, browserSuite, clickAndLoad } from './server.js';

// "Email this article" in real Chromium: the self-hosted altcha widget fetches
// a challenge and solves it in a web worker (real proof of work, small in
// tests) under the default CSP, the form is sent, the success notice shows,
// and the messages reach the SMTP server in the page's language.

const suite = browserSuite({
  env: { ALTCHA_COST: '2', ALTCHA_COUNTER_MIN: '50', ALTCHA_COUNTER_MAX: '200' },
});

describe('"Email this article" in a real browser', () => {
  it(
    'the widget solves the challenge on the release page, the form is sent, the success notice shows and the messages arrive',
    async () => {
      const { t } = suite.server();
      const page = await suite.open();
      const problems: string[] = [];
      page.on('console', (m) => {
        // A failed load is reported through 'response' below (Chromium also asks for /favicon.ico, which we do not have).
        if (/Failed to load resource/.test(m.text())) return;
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
      });

      const tag = randomBytes(4).toString('hex');
      const recipients = [`ana.${tag}@example.com`, `ben.${tag}@example.com`];
      const sender = `siti.${tag}@example.com`;

      await page.goto(`/news/${DEMO_ARTICLE_SLUG}?lang=ms`);
      const section = page.getByRole('region', { name: 'E-melkan artikel ini' });
      await expect.poll(() => section.count()).toBe(1);
      await expect.poll(() => section.locator('altcha-widget').getByText('Saya bukan robot').count()).toBe(1);
      // The mailto: link is always there, beside the form.
      const mailto = await section.getByRole('link', { name: 'Hantar melalui program e-mel anda sendiri' }).getAttribute('href');
      expect(mailto).toMatch(/^mailto:\?subject=Asia-Pacific/);

      await section.getByLabel('Penerima 1', { exact: true }).fill(recipients[0]!);
      await section.getByLabel('Penerima 2', { exact: true }).fill(recipients[1]!);
      await section.getByLabel('Nama anda', { exact: true }).fill('Siti Aminah');
      await section.getByLabel('Alamat e-mel anda', { exact: true }).fill(sender);
      await section.getByLabel('Catatan anda (pilihan)', { exact: true }).fill('Untuk liputan anda minggu ini.');

      // The widget (auto="onfocus") started when the reader reached the form: it fetched a challenge and
      // solved it in a web worker; its label is in Malay (our own strings).
      const widget = section.locator('altcha-widget');
      const payload = widget.locator('input[type="hidden"][name="altcha"]');
      await expect.poll(async () => ((await payload.count()) ? (await payload.inputValue()).length : 0), { timeout: 20_000 }).toBeGreaterThan(100);
      await expect.poll(() => widget.getByText('Disahkan').count()).toBeGreaterThan(0);

      await clickAndLoad(page, section.getByRole('button', { name: 'Hantar', exact: true }), at(`/news/${DEMO_ARTICLE_SLUG}/share/sent`, (q) => q.get('lang') === 'ms'));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Telah dihantar');
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Terima kasih');

      await t.runJobs();
      const mails = t.smtp!.received.filter((m) => recipients.some((r) => m.envelope.to.includes(r)));
      expect(mails).toHaveLength(2);
      for (const m of mails) {
        expect(m.envelope.to).toHaveLength(1);
        expect(m.parsed.from?.value[0]?.address).toBe('press@pressdesk.test');
        expect(m.parsed.replyTo?.value[0]?.address).toBe(sender);
        expect(m.parsed.subject).toMatch(/^Kenyataan media daripada UNICEF: /);
        expect(m.parsed.text).toContain('Siti Aminah fikir anda mungkin berminat');
        expect(m.parsed.text).toContain('> Untuk liputan anda minggu ini.');
      }
      const share = await t.db.selectFrom('shares').select(['via', 'language', 'recipients']).executeTakeFirstOrThrow();
      expect(share).toEqual({ via: 'form', language: 'ms', recipients: 2 });
      // Under the default CSP: no violation, no script error.
      expect(problems).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'axe: the form (release page, and the form page showing errors in Chinese) has no serious or critical violation',
    async () => {
      const page = await suite.open();
      const serious = async () =>
        (await new AxeBuilder({ page }).include('#share').analyze()).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
      await page.goto(`/news/${DEMO_ARTICLE_SLUG}?lang=en`);
      await expect.poll(() => page.locator('altcha-widget input[type="checkbox"]').count()).toBe(1);
      expect(await serious()).toEqual([]);
      // Sent without the spam check (as without JavaScript): the errors beside the fields.
      await page.goto(`/news/${DEMO_ARTICLE_SLUG}/share?lang=zh`);
      await page.getByLabel('收件人 1', { exact: true }).fill('not-an-address');
      await page.evaluate(() => document.querySelector('altcha-widget')?.remove());
      await clickAndLoad(page, page.getByRole('button', { name: '发送', exact: true }), at(`/news/${DEMO_ARTICLE_SLUG}/share`));
      await expect.poll(() => page.locator('#share-recipient-1-error').textContent()).toContain('请填写有效的电子邮件地址');
      await expect.poll(() => page.getByLabel('收件人 1', { exact: true }).inputValue()).toBe('not-an-address');
      expect(await serious()).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

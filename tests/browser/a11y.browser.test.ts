import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN, at, BROWSER_TEST_TIMEOUT_MS, browserSuite, clickAndLoad, INDRA, malaysiaInquiry, signInThroughForm } from './server.js';

// Accessibility of the desk and the reporter-facing pages:
// axe-core in real Chromium, no serious or critical violations. The app runs
// with captured mail (no SMTP_URL), so /dev/mailbox exists (for admins) and fills up.

const suite = browserSuite({ smtp: false });
const open = () => suite.open();

/** The serious and critical violations on the page as it is now, one readable line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

const tagOf = () => `a${randomBytes(5).toString('hex')}`;

describe('accessibility (axe): no serious or critical violations', () => {
  it(
    'the sign-in page, empty and with an error',
    async () => {
      const page = await open();
      await page.goto('/desk/sign-in');
      // The site stylesheet is applied (CSP allows it), so the contrast checks see SITE_CSS's colours.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(245, 247, 250)');
      expect(await seriousViolations(page)).toEqual([]);
      const form = page.locator('form[action="/desk/sign-in"]');
      await form.getByLabel('Email', { exact: true }).fill(`nobody.${tagOf()}@example.org`);
      await form.getByLabel('Password', { exact: true }).fill('not-the-password');
      await clickAndLoad(page, form.getByRole('button', { name: 'Sign in', exact: true }), at('/desk/sign-in'));
      expect(await page.getByRole('alert').textContent()).toContain('do not match');
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the queue with inquiries in it',
    async () => {
      const tag = tagOf();
      const inquiry = await malaysiaInquiry(suite.server().t, tag);
      const page = await open();
      await signInThroughForm(page, INDRA);
      await expect.poll(() => page.getByRole('link', { name: inquiry.reference }).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the inquiry page with a thread (claim, note, reply), and with the reply form open',
    async () => {
      const inquiry = await malaysiaInquiry(suite.server().t, tagOf());
      const page = await open();
      await signInThroughForm(page, INDRA);
      const inquiryPage = at(`/desk/inquiries/${inquiry.id}`, (q) => q.size === 0);
      await page.goto(`/desk/inquiries/${inquiry.id}`);
      await clickAndLoad(page, page.getByRole('button', { name: 'Claim: assign to me' }), inquiryPage);
      await page.getByLabel(/^Internal note/).fill('Checked the figures with the programme team.');
      await clickAndLoad(page, page.getByRole('button', { name: 'Add note' }), inquiryPage);
      await clickAndLoad(page, page.getByRole('button', { name: 'Write a reply' }), at(`/desk/inquiries/${inquiry.id}`, (q) => q.get('compose') === '1'));
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel(/^Your reply/).fill('Thank you for asking: the figures are in the release.');
      await clickAndLoad(page, page.getByRole('button', { name: 'Send reply' }), inquiryPage);
      const thread = page.getByRole('region', { name: 'Thread' });
      // The acknowledgement, the claim, the note and the reply.
      await expect.poll(() => thread.getByRole('listitem').count()).toBeGreaterThanOrEqual(4);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "the canned answers page for the office's lead",
    async () => {
      const page = await open();
      await signInThroughForm(page, INDRA);
      await page.goto('/desk/offices/malaysia/canned');
      const add = page.getByRole('region', { name: 'New canned answer' });
      await add.getByLabel('Title').fill(`Interview requests ${tagOf()}`);
      await add.getByLabel('Text').fill('Thank you for your interest. Please send your questions in writing first.');
      await clickAndLoad(page, add.getByRole('button', { name: 'Add' }), at('/desk/offices/malaysia/canned'));
      await expect.poll(() => page.getByRole('button', { name: /^Delete/ }).count()).toBeGreaterThanOrEqual(1);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the audit log for the admin',
    async () => {
      const page = await open();
      await signInThroughForm(page, ADMIN);
      await page.goto('/desk/admin/audit');
      await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(1);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "the reporter's status page",
    async () => {
      const inquiry = await malaysiaInquiry(suite.server().t, tagOf());
      expect(inquiry.statusUrl.startsWith(`${suite.server().baseUrl}/inquiries/status/`)).toBe(true);
      const page = await open();
      const res = await page.goto(inquiry.statusUrl);
      expect(res?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Inquiry ${inquiry.reference}`);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the captured mailbox /dev/mailbox',
    async () => {
      const inquiry = await malaysiaInquiry(suite.server().t, tagOf());
      const page = await open();
      // Captured mail is for admins only.
      await signInThroughForm(page, ADMIN);
      const res = await page.goto('/dev/mailbox');
      expect(res?.status()).toBe(200);
      await expect.poll(() => page.locator('table tbody tr', { hasText: inquiry.reporterEmail }).count()).toBeGreaterThanOrEqual(1);
      expect(await seriousViolations(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

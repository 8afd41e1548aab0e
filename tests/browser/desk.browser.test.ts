import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { at, BROWSER_TEST_TIMEOUT_MS, browserSuite, clickAndLoad, DALE, INDRA, malaysiaInquiry, signInThroughForm } from './server.js';

// The desk in real Chromium over real HTTP: what a press
// officer does with a mouse, down to the email on the SMTP server's wire.

const suite = browserSuite();
const open = () => suite.open();
const tagOf = () => `b${randomBytes(5).toString('hex')}`;

async function searchQueue(page: Page, words: string) {
  const search = page.getByRole('search', { name: 'Search and filter the queue' });
  await search.getByLabel('Search').fill(words);
  await clickAndLoad(page, search.getByRole('button', { name: 'Apply' }), at('/desk', (q) => q.get('q') === words));
}

describe('the desk in a real browser', () => {
  it(
    'an officer signs in, finds an inquiry by search, claims it, replies, and the reply reaches the SMTP server',
    async () => {
      const { t } = suite.server();
      const tag = tagOf();
      const inquiry = await malaysiaInquiry(t, tag);
      const page = await open();

      await signInThroughForm(page, INDRA);
      await searchQueue(page, tag);
      const rows = page.locator('table tbody tr');
      await expect.poll(() => rows.count()).toBe(1);
      const inquiryPage = at(`/desk/inquiries/${inquiry.id}`, (q) => q.size === 0);
      await clickAndLoad(page, rows.getByRole('link', { name: inquiry.reference }), inquiryPage);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${inquiry.reference}: ${inquiry.subject}`);

      await clickAndLoad(page, page.getByRole('button', { name: 'Claim: assign to me' }), inquiryPage);
      const routing = page.getByRole('region', { name: 'Routing and due time' });
      await expect.poll(() => routing.locator('dt:text-is("Assigned to") + dd').textContent()).toBe('Indra Kumari Nadchatram');
      const indra = await t.db.selectFrom('staff_users').select('contact_id').where('email', '=', INDRA).executeTakeFirstOrThrow();
      expect((await t.db.selectFrom('inquiries').select('contact_id').where('id', '=', inquiry.id).executeTakeFirstOrThrow()).contact_id).toBe(indra.contact_id);

      await clickAndLoad(page, page.getByRole('button', { name: 'Write a reply' }), at(`/desk/inquiries/${inquiry.id}`, (q) => q.get('compose') === '1'));
      const text = `Dear reporter, the campaign reached 1.2 million children (ref ${tag}). Kind regards`;
      await page.getByLabel(/^Your reply/).fill(text);
      await clickAndLoad(page, page.getByRole('button', { name: 'Send reply' }), inquiryPage);
      // The reply is in the thread at once, as an outgoing email waiting for the worker.
      const thread = page.getByRole('region', { name: 'Thread' });
      await expect.poll(() => thread.getByRole('listitem').filter({ hasText: text }).count()).toBe(1);

      await t.runJobs();
      const sent = t.smtp!.received.filter((m) => m.envelope.to.includes(inquiry.reporterEmail) && (m.parsed.text ?? '').includes(text));
      expect(sent).toHaveLength(1);
      const mail = sent[0]!.parsed;
      expect(mail.from?.value[0]?.address).toBe('press@pressdesk.test');
      expect(mail.from?.value[0]?.name).toContain('Indra Kumari Nadchatram');
      expect(mail.inReplyTo).toMatch(/^<.+@.+>$/);
      expect(mail.subject).toContain(inquiry.reference);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the China officer cannot open a Malaysia inquiry by URL, find it by search, or read it from the API',
    async () => {
      const { t } = suite.server();
      const tag = tagOf();
      const inquiry = await malaysiaInquiry(t, tag);

      // Control: a Malaysia officer finds it with the same words, so "not found" below is about access.
      const indra = await open();
      await signInThroughForm(indra, INDRA);
      await searchQueue(indra, tag);
      await expect.poll(() => indra.getByRole('link', { name: inquiry.reference }).count()).toBe(1);

      const page = await open();
      await signInThroughForm(page, DALE);

      const byUrl = await page.goto(`/desk/inquiries/${inquiry.id}`);
      expect(byUrl?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
      const deniedHtml = await page.content();
      for (const secret of [inquiry.reference, tag, inquiry.reporterEmail]) expect(deniedHtml).not.toContain(secret);
      const deniedText = await page.locator('main').innerText();
      // Exactly like an inquiry that does not exist.
      const missing = await page.goto(`/desk/inquiries/00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator('main').innerText()).toBe(deniedText);

      await page.goto('/desk');
      await searchQueue(page, tag);
      expect(await page.getByRole('link', { name: inquiry.reference }).count()).toBe(0);
      expect(await page.locator('main').innerText()).toContain('No inquiries match.');

      // The JSON API behind the desk, with the same browser session.
      const api = await page.request.get(`/api/staff/inquiries/${inquiry.id}`);
      expect(api.status()).toBe(404);
      expect(api.headers()['content-type']).toContain('application/problem+json');
      expect(await api.text()).not.toContain(tag);
      const list = await page.request.get(`/api/staff/inquiries?view=offices&q=${tag}`);
      expect(list.status()).toBe(200);
      expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);

      // Denials are recorded: the page and the API each left an audit entry for Dale.
      const dale = await t.db.selectFrom('staff_users').select('id').where('email', '=', DALE).executeTakeFirstOrThrow();
      const denials = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'access.denied').where('actor_id', '=', dale.id).where('target_id', '=', inquiry.id).execute();
      expect(denials.length).toBeGreaterThanOrEqual(2);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

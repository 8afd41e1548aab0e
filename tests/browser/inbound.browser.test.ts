import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addresses, listen, message, newMessageId } from '../modules/inbound/inbound-helpers.js';
import { at, BROWSER_TEST_TIMEOUT_MS, browserSuite, clickAndLoad, INDRA, malaysiaInquiry, signInThroughForm } from './server.js';

// Email in, seen by an officer in real Chromium: the reporter's reply arrives
// over SMTP (nodemailer to the inbound listener on loopback) and shows in the
// thread; a stranger's message waits in the quarantine until the officer releases it.

const suite = browserSuite();
const tagOf = () => `i${randomBytes(5).toString('hex')}`;

describe('email in, on the desk in a real browser', () => {
  it(
    "an officer sees the reporter's emailed reply appear on the inquiry page, quoted history folded away",
    async () => {
      const { t } = suite.server();
      const mx = await listen(t);
      try {
        const tag = tagOf();
        const inquiry = await malaysiaInquiry(t, tag);
        // The office had answered; the reporter writes back.
        await t.db.updateTable('inquiries').set({ status: 'answered' }).where('id', '=', inquiry.id).execute();
        const page = await suite.open();
        await signInThroughForm(page, INDRA);
        await page.goto(`/desk/inquiries/${inquiry.id}`);
        const thread = page.getByRole('region', { name: 'Thread' });
        const words = `Yes, you may quote me (${tag}).`;
        expect(await thread.getByText(words).count()).toBe(0);

        const { reporter } = await addresses(t, inquiry.id);
        const body = `${words}\n\nOn Mon, 30 Nov 2026 at 10:00, UNICEF Media Malaysia wrote:\n> QUOTED-${tag}\n`;
        const reply = await mx.send(message({ from: `Reporter <${inquiry.reporterEmail}>`, to: reporter, body }), { from: inquiry.reporterEmail, to: reporter });
        expect(reply).toMatch(/^250 /);

        await page.reload();
        const item = thread.getByRole('listitem').filter({ hasText: 'replied by email' });
        await expect.poll(() => item.count()).toBe(1);
        expect(await item.locator('p.reporter-reply').textContent()).toBe(words);
        await expect.poll(() => page.locator('.flags').textContent()).toContain('Status: Reporter replied');
        // The quoted history is one click away, not in the way.
        const full = item.locator('details.full-text');
        expect(await full.locator('p').isVisible()).toBe(false);
        await full.locator('summary').click();
        await expect.poll(() => full.locator('p').isVisible()).toBe(true);
        expect(await full.locator('p').textContent()).toContain(`QUOTED-${tag}`);
      } finally {
        await mx.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "an officer releases a stranger's message from the quarantine and it shows in the thread",
    async () => {
      const { t } = suite.server();
      const mx = await listen(t);
      try {
        const tag = tagOf();
        const inquiry = await malaysiaInquiry(t, tag);
        const { reporter } = await addresses(t, inquiry.id);
        const words = `I am the reporter's editor, same question (${tag}).`;
        const subject = `Re: question ${tag}`;
        await mx.send(message({ from: `Editor <editor.${tag}@newsroom.example>`, to: reporter, subject, body: words, messageId: newMessageId(tag) }), {
          from: `editor.${tag}@newsroom.example`,
          to: reporter,
        });

        const page = await suite.open();
        await signInThroughForm(page, INDRA);
        // Not in the thread while it is held.
        await page.goto(`/desk/inquiries/${inquiry.id}`);
        const thread = page.getByRole('region', { name: 'Thread' });
        expect(await thread.getByText(words).count()).toBe(0);
        expect(await thread.getByText('held an email from').count()).toBe(1);

        await clickAndLoad(page, page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: /^Quarantine/ }), at('/desk/quarantine'));
        const card = page.getByRole('article', { name: subject });
        await expect.poll(() => card.count()).toBe(1);
        expect(await card.getByText(words).count()).toBe(1);
        await clickAndLoad(page, card.getByRole('button', { name: /^Release/ }), at('/desk/quarantine', (q) => q.get('done') === 'released'));
        await expect.poll(() => page.getByRole('status').textContent()).toContain('Released');
        expect(await page.getByRole('article', { name: subject }).count()).toBe(0);

        await clickAndLoad(page, page.getByRole('link', { name: 'Open the inquiry' }), at(`/desk/inquiries/${inquiry.id}`));
        await expect.poll(() => thread.getByRole('listitem').filter({ hasText: 'released an email from the quarantine' }).count()).toBe(1);
        expect(await thread.locator('p.reporter-reply').filter({ hasText: words }).count()).toBe(1);
      } finally {
        await mx.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { privateLinks } from '../../src/lib/link-tokens.js';
import { at, BROWSER_TEST_TIMEOUT_MS, browserSuite, clickAndLoad } from './server.js';

// The inquiry form round trip in real Chromium over real HTTP,
// down to the acknowledgement on the SMTP server's wire, and axe on the way.

const suite = browserSuite();

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

describe('the inquiry form in a real browser', () => {
  it(
    'a reporter fills the Malay form (after one mistake), sees the reference, and the Malay acknowledgement reaches the SMTP server; axe is clean on the form, the form with errors and the status page',
    async () => {
      const { t } = suite.server();
      const email = `pelapor.${randomBytes(4).toString('hex')}@example.com`;
      const page = await suite.open();

      await page.goto('/inquiries/new?lang=ms');
      expect(await page.getAttribute('html', 'lang')).toBe('ms');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tanya pejabat media');
      // The stylesheet is applied (CSP allows it), so axe's contrast checks see the real colours.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(245, 247, 250)');
      expect(await seriousViolations(page)).toEqual([]);

      // A first try with the email mistyped and the questions unanswered.
      const send = page.getByRole('button', { name: 'Hantar pertanyaan' });
      await page.getByLabel('Nama anda').fill('Nur Aisyah binti Ahmad');
      await page.getByLabel('Alamat e-mel').fill('nur.aisyah@');
      await clickAndLoad(page, send, at('/inquiries/new'));
      const summary = page.getByRole('alert');
      expect(await summary.getByRole('heading').textContent()).toBe('Terdapat masalah');
      expect(await summary.getByRole('link', { name: 'Masukkan alamat e-mel seperti nama@example.com' }).count()).toBe(1);
      // What was typed is still there, and the field says it is wrong.
      expect(await page.getByLabel('Nama anda').inputValue()).toBe('Nur Aisyah binti Ahmad');
      expect(await page.getByLabel('Alamat e-mel').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel('Alamat e-mel').fill(email);
      await page.getByLabel('Organisasi media').fill('Berita Harian');
      await page.getByLabel(/^Jenis media/).selectOption('newspaper');
      await page.getByLabel('Negara tempat anda membuat liputan').selectOption('MY');
      await page.getByLabel('Subjek').fill('Kempen imunisasi campak');
      await page.getByLabel('Soalan anda').fill('Berapakah bilangan kanak-kanak yang menerima vaksin campak tahun ini?');
      await page.getByLabel('Tarikh', { exact: true }).fill('2026-12-02');
      await page.getByLabel('Masa', { exact: true }).fill('17:00');
      await page.getByLabel('Ya', { exact: true }).check();
      await page.getByLabel(/^Saya telah membaca notis privasi/).check();
      await clickAndLoad(page, send, (u) => u.pathname.startsWith('/inquiries/status/'));

      const row = await t.db.selectFrom('inquiries').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ language: 'ms', country: 'MY', involves_children: true, source: 'form', privacy_notice_version: t.config.PRIVACY_NOTICE_VERSION });
      expect(row.deadline).toEqual(new Date('2026-12-02T09:00:00Z')); // 17:00 in Kuala Lumpur
      expect(new URL(page.url()).pathname).toBe(`/inquiries/status/${privateLinks(t.config, row).statusToken}`);
      expect(await page.getAttribute('html', 'lang')).toBe('ms');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Pertanyaan ${row.reference}`);
      expect(await page.getByRole('status').textContent()).toContain(`nombor rujukan ${row.reference}`);
      expect(await seriousViolations(page)).toEqual([]);

      // A reload drops the one-time notice but keeps the reference.
      await page.reload();
      expect(await page.getByRole('status').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Pertanyaan ${row.reference}`);

      await t.runJobs();
      const acks = t.smtp!.received.filter((m) => m.envelope.to.includes(email));
      expect(acks).toHaveLength(1);
      const ack = acks[0]!.parsed;
      expect(ack.subject).toContain(`Kami telah menerima pertanyaan anda ${row.reference}`);
      expect(ack.text).toContain('Salam sejahtera Nur Aisyah binti Ahmad,');
      expect(ack.text).toContain('/guidelines/children');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a follow-up from the status page in Chinese appears in the thread',
    async () => {
      const { t } = suite.server();
      const email = `jizhe.${randomBytes(4).toString('hex')}@example.com`;
      const page = await suite.open();
      await page.goto('/inquiries/new?lang=zh');
      await page.getByLabel('您的姓名').fill('王小明');
      await page.getByLabel('电子邮箱').fill(email);
      await page.getByLabel('所属媒体').fill('新华社');
      await page.getByLabel('您报道所在的国家或地区').selectOption('CN');
      await page.getByLabel('标题').fill('儿童权利宣言');
      await page.getByLabel('您的问题').fill('请问中国在会议上作出了哪些承诺？');
      await page.getByLabel('否', { exact: true }).check();
      await page.getByLabel(/^我已阅读隐私声明/).check();
      await clickAndLoad(page, page.getByRole('button', { name: '提交问询' }), (u) => u.pathname.startsWith('/inquiries/status/'));
      const statusPath = new URL(page.url()).pathname;

      await page.getByLabel('您的消息').fill('补充：我的截稿时间是周五。');
      await clickAndLoad(page, page.getByRole('button', { name: '发送消息' }), at(statusPath));
      expect(await page.getByRole('status').textContent()).toBe('您的消息已发送至新闻办公室。');
      const thread = page.getByRole('region', { name: '往来消息' });
      await expect.poll(() => thread.getByRole('listitem').filter({ hasText: '补充：我的截稿时间是周五。' }).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      const row = await t.db.selectFrom('inquiries').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      const kinds = (await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', row.id).execute()).map((e) => e.kind);
      expect(kinds).toContain('follow_up');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

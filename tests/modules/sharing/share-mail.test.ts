import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/lib/tokens.js';
import type { TestContext } from '../../helpers/app.js';
import { addr, deliveredTo, postShare, rawHeader, shareBody, shareContext } from './share-helpers.js';

// What reaches the SMTP server: one message per recipient, From us, Reply-To
// the sender, the fixed template in the page's language, the sender's words
// escaped and without links, and RFC 8058 one-click unsubscribe headers.

let t: TestContext;
beforeAll(async () => {
  t = await shareContext();
});
afterAll(async () => {
  await t.close();
});

async function share(overrides: Record<string, unknown>) {
  const res = await postShare(t, shareBody(overrides));
  expect(res.status, await res.clone().text()).toBe(202);
}

describe('the shared-article email on the wire', () => {
  it('From is ours and Reply-To the sender, one message per recipient', async () => {
    const recipients = [addr('one'), addr('two'), addr('three')];
    const sender = addr('sender');
    await share({ recipients, senderEmail: sender, senderName: 'Mei Ling Tan' });
    const mails = await deliveredTo(t, ...recipients);
    expect(mails).toHaveLength(3);
    for (const to of recipients) {
      const mine = mails.filter((m) => m.envelope.to.includes(to));
      // Separate messages: each has exactly one recipient, in the envelope and in To.
      expect(mine).toHaveLength(1);
      const m = mine[0]!;
      expect(m.envelope.to).toEqual([to]);
      expect(m.parsed.to && !Array.isArray(m.parsed.to) ? m.parsed.to.value.map((v) => v.address) : []).toEqual([to]);
      expect(m.parsed.cc).toBeUndefined();
      expect(m.parsed.bcc).toBeUndefined();
      expect(m.envelope.from).toBe('press@pressdesk.test');
      expect(m.parsed.from?.value).toEqual([{ address: 'press@pressdesk.test', name: 'UNICEF' }]);
      expect(m.parsed.replyTo?.value.map((v) => v.address)).toEqual([sender]);
      expect(m.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(m.parsed.text).toContain('Mei Ling Tan thought you might be interested in this release from UNICEF');
      expect(m.parsed.text).toContain('Asia-Pacific governments commit to increase cooperation for child rights');
      expect(m.parsed.text).toContain('BEIJING, 6 November 2010');
      expect(m.parsed.text).toContain('http://pressdesk.test/news/asia-pacific-governments-commit-to-child-rights?lang=en');
      // The subject is fixed: no word of the sender's.
      expect(m.parsed.subject).toBe('A news release from UNICEF: Asia-Pacific governments commit to increase cooperation for child rights');
    }
    // Each message has its own unsubscribe link.
    const links = new Set(mails.map((m) => rawHeader(m, 'List-Unsubscribe')));
    expect(links.size).toBe(3);
  });

  it('List-Unsubscribe headers present (RFC 8058 one-click)', async () => {
    const to = addr('unsub');
    await share({ recipients: [to] });
    const [m] = await deliveredTo(t, to);
    expect(m).toBeDefined();
    expect(rawHeader(m!, 'List-Unsubscribe')).toMatch(/^<http:\/\/pressdesk\.test\/share\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(rawHeader(m!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(rawHeader(m!, 'List-Unsubscribe')!)![1]!;
    expect(m!.parsed.text).toContain(url);
    expect(m!.parsed.html).toContain(`href="${url}"`);

    // The unsubscribe token is stored as a hash only, and the delivered outbox copy keeps it masked.
    const token = url.split('/').at(-1)!;
    const { rows } = await sql<{ dump: string }>`
      select (select json_agg(r)::text from share_recipients r) || (select json_agg(e)::text from emails e where to_address = ${to}) as dump`.execute(t.db);
    expect(rows[0]!.dump).toContain(sha256(token));
    expect(rows[0]!.dump).toContain('[private unsubscribe link]');
    expect(rows[0]!.dump).not.toContain(token);
  });

  it('links removed from the note (text and HTML parts on the SMTP server)', async () => {
    const to = addr('links');
    const note = 'See https://evil.example/win and www.spam.example or cheap-pills.com/buy, also javascript:alert(1) — or mail win@prize.example.\nBest, Mei';
    await share({ recipients: [to], note });
    const [m] = await deliveredTo(t, to);
    for (const part of [m!.parsed.text!, m!.parsed.html as string]) {
      expect(part).toContain('[link removed]');
      expect(part).not.toMatch(/evil\.example|spam\.example|cheap-pills|javascript:|prize\.example/);
      expect(part).toContain('Best, Mei');
    }
    expect(m!.parsed.text).toContain('> See [link removed] and [link removed] or [link removed], also [link removed]');
    // The only links in the HTML are ours: the release, and the unsubscribe page.
    const hrefs = [...(m!.parsed.html as string).matchAll(/href="([^"]+)"/g)].map((x) => x[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith('http://pressdesk.test/')).toBe(true);
    // Stored as sent: the outbox holds no link of the sender's either.
    const row = await t.db.selectFrom('emails').select(['text', 'html']).where('to_address', '=', to).executeTakeFirstOrThrow();
    expect(`${row.text} ${row.html}`).not.toMatch(/evil\.example|cheap-pills/);
  });

  it('HTML/script in the note and the sender name are escaped (text stays text)', async () => {
    const to = addr('xss');
    await share({ recipients: [to], senderName: 'Mei <script>alert(1)</script> & <b>Co</b>', note: '<img src=x onerror=alert(1)> <a href="x">click</a> "quoted" & done' });
    const [m] = await deliveredTo(t, to);
    const html = m!.parsed.html as string;
    expect(html).not.toMatch(/<script|<img|<a href="x"|<b>Co/i);
    expect(html).toContain('Mei &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;a href=&quot;x&quot;&gt;click&lt;/a&gt;');
    // The text part shows exactly what was typed.
    expect(m!.parsed.text).toContain('Mei <script>alert(1)</script> & <b>Co</b> thought you might be interested');
    expect(m!.parsed.text).toContain('> <img src=x onerror=alert(1)> <a href="x">click</a> "quoted" & done');
    // …and none of it reaches the subject.
    expect(m!.parsed.subject).not.toMatch(/script|Mei/);
  });

  it('the note is marked as the sender\'s words; no note, no note block', async () => {
    const [a, b] = [addr('note'), addr('nonote')];
    await share({ recipients: [a], note: 'Line one\nLine two' });
    await share({ recipients: [b], note: undefined });
    const [withNote] = await deliveredTo(t, a);
    const [without] = await deliveredTo(t, b);
    expect(withNote!.parsed.text).toContain('A note from Mei Ling Tan:');
    expect(withNote!.parsed.text).toContain("These are the sender\u2019s own words, not ours.");
    expect(withNote!.parsed.text).toContain('> Line one\n> Line two');
    expect(without!.parsed.text).not.toContain('A note from');
  });

  it('language of the template follows `language` (en, zh, ms)', async () => {
    const expected = {
      en: { subject: 'A news release from UNICEF:', text: 'thought you might be interested in this release', html: 'lang="en"', unsub: 'Unsubscribe' },
      zh: { subject: 'UNICEF新闻稿：', text: '认为您可能会对UNICEF的这篇新闻稿感兴趣', html: 'lang="zh-Hans"', unsub: '退订' },
      ms: { subject: 'Kenyataan media daripada UNICEF:', text: 'fikir anda mungkin berminat dengan kenyataan media', html: 'lang="ms"', unsub: 'Berhenti langganan' },
    } as const;
    for (const [language, want] of Object.entries(expected)) {
      const to = addr(language);
      await share({ recipients: [to], language });
      const [m] = await deliveredTo(t, to);
      expect(m!.parsed.subject!.startsWith(want.subject), m!.parsed.subject).toBe(true);
      expect(m!.parsed.text).toContain(want.text);
      expect(m!.parsed.text).toContain(`/news/asia-pacific-governments-commit-to-child-rights?lang=${language}`);
      expect(m!.parsed.html).toContain(want.html);
      expect(m!.parsed.html).toContain(want.unsub);
    }
  });

  it('the share is recorded with hashes only: no address in clear outside the outbox', async () => {
    const to = addr('hash');
    const sender = addr('hashsender');
    await share({ recipients: [to], senderEmail: sender });
    const { rows } = await (await import('kysely')).sql<{ dump: string }>`
      select (select json_agg(s)::text from shares s) || (select json_agg(r)::text from share_recipients r) as dump`.execute(t.db);
    expect(rows[0]!.dump).not.toContain(to);
    expect(rows[0]!.dump).not.toContain(sender);
    expect(rows[0]!.dump).not.toContain(to.split('@')[0]!);
  });
});

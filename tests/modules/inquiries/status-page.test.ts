import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/lib/tokens.js';
import { BASE_URL, buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { api as staffApi, INDRA, signIn } from '../desk/actions-helpers.js';
import { postForm } from './form-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: true });
});
afterAll(async () => {
  await t.close();
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let seq = 0;
/** Posts an inquiry with a unique address; returns the 201 body and the status page's path. */
async function submit(overrides: Record<string, unknown> = {}) {
  const res = await t.postJson('/api/inquiries', validInquiry({ email: `status.page.${++seq}@example.com`, ...overrides }));
  expect(res.status).toBe(201);
  const body = await res.json();
  const url = new URL(body.statusUrl);
  return { body, path: url.pathname, token: url.pathname.split('/').pop()! };
}

async function getPage(path: string) {
  const res = await t.request(path);
  return { res, html: await res.text() };
}

function expectPageHeaders(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('the reporter status page', () => {
  it('renders 200 HTML with the reference, the office, the contact, the status and times in the office time zone', async () => {
    const { body, path } = await submit({ deadline: '2026-12-02T17:00:00+08:00' });
    expect(path).toMatch(/^\/inquiries\/status\/[A-Za-z0-9_-]{43}$/);
    const { res, html } = await getPage(path);
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer'); // the token must not leak through links
    expect(html).toContain(body.reference);
    expect(html).toContain('UNICEF Media Malaysia');
    expect(html).toContain('Indra Kumari Nadchatram');
    expect(html).toContain('Received'); // status "new"
    // TEST_NOW is 10:00 in Kuala Lumpur; the reporter's deadline is shown too.
    expect(html).toContain('30 November 2026 at 10:00');
    expect(html).toContain('Your deadline');
    expect(html).toContain('2 December 2026 at 17:00');
  });

  it('an unknown token of the right shape → 404 HTML, with the same headers', async () => {
    const { res, html } = await getPage(`/inquiries/status/${randomBytes(32).toString('base64url')}`);
    expect(res.status).toBe(404);
    expectPageHeaders(res);
    expect(html).toMatch(/not found/i);
  });

  it.each([
    ['too short', 'abc'],
    ['19 characters', 'A'.repeat(19)],
    ['a dot', `${'a'.repeat(21)}.${'a'.repeat(21)}`],
    ['a quote and SQL', encodeURIComponent(`${'a'.repeat(25)}' or '1'='1`)],
    ['markup', encodeURIComponent(`<script>alert(1)</script>${'a'.repeat(20)}`)],
    ['a percent-encoded slash', `${'a'.repeat(21)}%2F${'a'.repeat(21)}`],
    ['too long', 'a'.repeat(101)],
  ])('a malformed token (%s) → 404, never echoed as markup', async (_label, token) => {
    const { res, html } = await getPage(`/inquiries/status/${token}`);
    expect(res.status).toBe(404);
    expect(html).not.toContain('<script');
    expect(html).not.toContain("' or '1'='1");
  });

  it('a near miss of a real token (changed case, a prefix, one more character) → 404', async () => {
    const { token } = await submit();
    const flipped = token.replace(/[a-z]/, (ch) => ch.toUpperCase());
    expect(flipped).not.toBe(token); // 43 random base64url chars contain a lower-case letter, practically always
    for (const variant of [flipped, token.slice(0, 30), `${token}A`]) {
      const { res } = await getPage(`/inquiries/status/${variant}`);
      expect(res.status, variant).toBe(404);
    }
  });

  it('HTML and script in subject, message, name and outlet are shown as text, escaped; CSP and nosniff are sent', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { path } = await submit({ name: `Eve ${payload}`, outlet: `Outlet ${payload}`, subject: `Subject ${payload}`, message: `Message ${payload}\n<b>bold</b>` });
    const { res, html } = await getPage(path);
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('Subject &lt;script&gt;');
    expect(html).toContain('Message &lt;script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('never shows routing reasons or the officers\' and office\'s email addresses', async () => {
    const { body, path } = await submit({ articleSlug: 'asia-pacific-governments-commit-to-child-rights' });
    const { html } = await getPage(path);
    const row = await t.db.selectFrom('inquiries').select('routing').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.routing.reasons.length).toBeGreaterThan(0);
    for (const reason of row.routing.reasons) {
      expect(html).not.toContain(reason);
      // The escaped form too, in case a reason is ever rendered through JSX.
      expect(html).not.toContain(reason.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    }
    expect(html).not.toMatch(/article lists|response target of|→/);
    expect(html).not.toContain('@example.org');
    expect(html).not.toContain('indra.nadchatram');
    expect(html).not.toContain('media.malaysia');
    // Internal ids are not shown either.
    expect(html).not.toContain(body.id);
  });
});

describe('unguessable status links and ids', () => {
  it('the status token is 43 URL-safe characters (256 bits), and the URL holds neither the id nor the reference', async () => {
    const { body, token } = await submit();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(body.statusUrl).not.toContain(body.id);
    expect(body.statusUrl).not.toContain(body.reference);
    // Stored hashed: the row keeps sha256 of the token, never the token.
    const row = await t.db.selectFrom('inquiries').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.status_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('two inquiries in a row get unrelated tokens', async () => {
    const a = await submit();
    const b = await submit();
    expect(a.token).not.toBe(b.token);
    // No shared prefix or suffix worth the name (a counter or a timestamp would share one).
    let prefix = 0;
    while (a.token[prefix] === b.token[prefix]) prefix++;
    expect(prefix).toBeLessThan(6);
    // About half the bits differ between independent 256-bit values (mean 128, sd 8).
    const x = Buffer.from(a.token, 'base64url');
    const y = Buffer.from(b.token, 'base64url');
    let differing = 0;
    for (let i = 0; i < 32; i++) {
      let v = x[i]! ^ y[i]!;
      while (v) {
        differing += v & 1;
        v >>= 1;
      }
    }
    expect(differing).toBeGreaterThan(80);
    expect(differing).toBeLessThan(176);
  });

  it('inquiry ids are random UUIDs (v4), not a sequence', async () => {
    const ids = [(await submit()).body.id, (await submit()).body.id, (await submit()).body.id] as string[];
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(3);
    // Consecutive ids differ throughout, not in a trailing counter.
    const hex = ids.map((id) => id.replaceAll('-', ''));
    for (const [p, q] of [[hex[0]!, hex[1]!], [hex[1]!, hex[2]!]] as const) {
      const same = [...p].filter((ch, i) => ch === q[i]).length;
      expect(same).toBeLessThan(16); // 32 hex digits, about 2 + 30/16 agree by chance
    }
  });
});

describe('the status page in the reporter\'s language, with the thread and a follow-up form', () => {
  it.each([
    ['en', 'en', 'Inquiry', 'Being worked on', 'Who will answer', 'Add a message', 'Send message'],
    ['zh', 'zh-Hans', '问询', '处理中', '负责人', '补充信息', '发送消息'],
    ['ms', 'ms', 'Pertanyaan', 'Sedang diuruskan', 'Akan dijawab oleh', 'Tambah mesej', 'Hantar mesej'],
  ])('in %s: <html lang>, labels, status, dates in the language, the follow-up form, a language switch', async (lang, htmlLang, title, open, who, heading, send) => {
    const { body, path } = await submit({ language: lang });
    await t.db.updateTable('inquiries').set({ status: 'open' }).where('id', '=', body.id).execute();
    // The inquiry's language by default, no ?lang= needed.
    const { res, html } = await getPage(path);
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    expect(html).toContain(`<html lang="${htmlLang}">`);
    expect(html).toContain(`<h1>${title} ${body.reference}</h1>`);
    expect(html).toContain(`<dd>${open}</dd>`);
    expect(html).toContain(`<dt>${who}</dt>`);
    expect(html).toContain(`<h2 id="follow-up-h">${heading}</h2>`);
    expect(html).toContain(`<button type="submit">${send}</button>`);
    expect(html).toContain(`action="${path}/follow-up?lang=${lang}"`);
    for (const other of ['en', 'zh', 'ms']) expect(html).toContain(`href="${path}?lang=${other}"`);
    const month = { en: 'November', zh: '11月', ms: 'November' }[lang]!;
    expect(html).toContain(month);
  });

  it('?lang= overrides the inquiry\'s language', async () => {
    const { path } = await submit({ language: 'ms' });
    const { html } = await getPage(`${path}?lang=zh`);
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<dd>已收到</dd>');
  });

  it('shows the officer\'s reply (its words, not its signature) but never internal notes, the assignee\'s address or routing', async () => {
    const { body, path } = await submit({ articleSlug: 'asia-pacific-governments-commit-to-child-rights' });
    const indra = await signIn(t, INDRA);
    const note = `INTERNAL-NOTE-${randomBytes(4).toString('hex')}: ask programme first`;
    expect((await staffApi(t, indra, `/api/staff/inquiries/${body.id}/note`, { version: 1, text: note })).status).toBe(200);
    const answer = 'Dear reporter, 1.2 million children were reached. <b>Thanks</b>';
    expect((await staffApi(t, indra, `/api/staff/inquiries/${body.id}/reply`, { version: 2, text: answer })).status).toBe(200);

    const { html } = await getPage(`${path}?lang=en`);
    expect(html).toContain('Reply from Indra Kumari Nadchatram');
    expect(html).toContain('Dear reporter, 1.2 million children were reached. &lt;b&gt;Thanks&lt;/b&gt;');
    expect(html).toContain('<dd>Answered</dd>');
    expect(html).not.toContain(note);
    expect(html).not.toContain('INTERNAL-NOTE');
    expect(html).not.toContain('indra.nadchatram');
    expect(html).not.toContain('@example.org');
    expect(html).not.toContain('reply+'); // the reply address of the thread
    expect(html).not.toMatch(/article lists|routed/);
  });
});

describe('a follow-up from the status page', () => {
  const followUp = (path: string, message: string, lang = 'en', headers: Record<string, string> = {}) =>
    postForm(t, { message }, { path: `${path}/follow-up?lang=${lang}`, headers });

  it('joins the thread, reopens an answered inquiry, bumps the version, tells the officer over SMTP, shows on the status page (escaped) and in the desk thread', async () => {
    const { body, path } = await submit({ language: 'ms' });
    await t.db.updateTable('inquiries').set({ status: 'answered' }).where('id', '=', body.id).execute();
    const before = await t.db.selectFrom('inquiries').select(['version', 'status']).where('id', '=', body.id).executeTakeFirstOrThrow();
    const message = 'Satu soalan lagi: <script>alert(1)</script>\nBaris kedua';

    const res = await followUp(path, message, 'ms');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?lang=ms`);

    const after = await t.db.selectFrom('inquiries').select(['version', 'status', 'updated_at']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('open');
    expect(after.version).toBe(before.version + 1);
    expect(after.updated_at).toEqual(new Date('2026-11-30T02:00:00Z'));
    const events = await t.db.selectFrom('inquiry_events').select(['kind', 'data']).where('inquiry_id', '=', body.id).orderBy('id').execute();
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['follow_up', 'follow_up_notified']);
    expect(events.at(-2)!.data).toMatchObject({ message: message.trim(), from: 'answered', to: 'open', version: after.version });

    // The officer's notification goes out over SMTP.
    await t.runJobs();
    const notice = t.smtp!.received.find((m) => m.envelope.to.includes('indra.nadchatram@example.org') && (m.parsed.subject ?? '').includes(body.reference) && /wrote again|follow/i.test(`${m.parsed.subject} ${m.parsed.text}`));
    expect(notice).toBeDefined();

    // The status page: the "sent" notice once, the message as text.
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await t.request(res.headers.get('location')!, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('Mesej anda telah dihantar kepada pejabat media.');
    expect(html).toContain('Anda menulis');
    expect(html).toContain('Satu soalan lagi: &lt;script&gt;alert(1)&lt;/script&gt;\nBaris kedua');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<dd>Sedang diuruskan</dd>');

    // The desk's thread shows the reporter's words.
    const indra = await signIn(t, INDRA);
    const desk = await (await t.request(`/desk/inquiries/${body.id}`, { headers: { cookie: indra.cookie } })).text();
    expect(desk).toContain('wrote again from the status page: Satu soalan lagi: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(desk).not.toContain('<script>alert(1)');
  });

  it('a new (unanswered) inquiry stays new; the officer is still told (posted as Chromium does from this no-referrer page: Origin null, same-origin)', async () => {
    const { body, path } = await submit();
    expect((await followUp(path, 'Adding a detail', 'en', { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    const row = await t.db.selectFrom('inquiries').select('status').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
    const notified = await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', body.id).where('kind', '=', 'follow_up_notified').execute();
    expect(notified).toHaveLength(1);
  });

  it.each([
    ['empty', '   ', 'Enter your message', 'Masukkan mesej anda'],
    ['too long', 'x'.repeat(5001), 'Use at most 5,000 characters', 'Gunakan tidak lebih daripada 5,000 aksara'],
  ])('an %s message → 422, the error beside the field in the page language, the text kept, nothing added', async (_label, message, en, ms) => {
    const { body, path } = await submit();
    for (const [lang, text] of [['en', en], ['ms', ms]] as const) {
      const res = await followUp(path, message, lang);
      expect(res.status).toBe(422);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`<p class="error field-error" id="follow-up-error">${text}</p>`);
      expect(html).toContain(`<a href="#follow-up-message">${text}</a>`);
      expect(html).toMatch(/id="follow-up-message"[^>]*aria-invalid="true"/);
      if (message.trim()) expect(html).toContain(`${message}</textarea>`);
    }
    const added = await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', body.id).where('kind', 'in', ['follow_up', 'follow_up_notified']).execute();
    expect(added).toEqual([]);
  });

  it('a cross-site or text/plain follow-up → 403 / 415, nothing added; an unknown token → 404', async () => {
    const { body, path } = await submit();
    const cross = await followUp(path, 'From elsewhere', 'en', { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await cross.text()).toContain('Message not accepted');
    const fetchMeta = await followUp(path, 'From elsewhere', 'en', { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.status).toBe(403);
    // The page is sent with Referrer-Policy: no-referrer, so browsers post with Origin: null;
    // Fetch Metadata decides then: refused unless it says same-origin.
    const nullOrigin = await followUp(path, 'From a sandbox', 'en', { origin: 'null', 'sec-fetch-site': 'cross-site' });
    expect(nullOrigin.status).toBe(403);
    const nullNoMeta = await t.request(`${path}/follow-up`, { method: 'POST', headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' }, body: 'message=hi' });
    expect(nullNoMeta.status).toBe(403);
    const plain = await t.request(`${path}/follow-up`, { method: 'POST', headers: { origin: BASE_URL, 'content-type': 'text/plain' }, body: 'message=hi' });
    expect(plain.status).toBe(415);
    const added = await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', body.id).where('kind', '=', 'follow_up').execute();
    expect(added).toEqual([]);
    const unknown = await followUp(`/inquiries/status/${randomBytes(32).toString('base64url')}`, 'Hello');
    expect(unknown.status).toBe(404);
  });
});

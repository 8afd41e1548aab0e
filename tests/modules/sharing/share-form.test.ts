import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../../helpers/app.js';
import { signIn, JUANA } from '../desk/queue-helpers.js';
import { addr, clientIp, DEMO_ARTICLE_SLUG, outboxCounts, postShare, shareBody, shareContext, solvedAltcha, unpublishedArticle } from './share-helpers.js';

// The page side: the form (no JavaScript needed to read it, mailto: beside it),
// the form route with errors in the page's language, the widget's files, and
// the counts on the staff page.

let t: TestContext;
beforeAll(async () => {
  t = await shareContext();
});
afterAll(async () => {
  await t.close();
});

const FORM_PATH = `/news/${DEMO_ARTICLE_SLUG}/share`;
const TITLE = 'Asia-Pacific governments commit to increase cooperation for child rights';

function postForm(fields: [string, string][], headers: Record<string, string> = {}, ip = clientIp()) {
  return t.request(FORM_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

function formFields(over: { recipients?: string[]; senderName?: string; senderEmail?: string; note?: string; language?: string; altcha?: string }) {
  const recipients = over.recipients ?? [addr('form')];
  const boxes = Array.from({ length: 5 }, (_, i) => recipients[i] ?? '');
  const fields: [string, string][] = [
    ['language', over.language ?? 'en'],
    ...boxes.map((b): [string, string] => ['recipient', b]),
    ['senderName', over.senderName ?? 'Siti Aminah'],
    ['senderEmail', over.senderEmail ?? addr('formsender')],
    ['note', over.note ?? ''],
  ];
  if (over.altcha !== undefined) fields.push(['altcha', over.altcha]);
  return fields;
}

describe('the share form', () => {
  it.each([
    ['en', 'Email this article', 'Send', 'This form needs JavaScript'],
    ['zh', '通过电子邮件发送本文', '发送', '此表单需要 JavaScript'],
    ['ms', 'E-melkan artikel ini', 'Hantar', 'Borang ini memerlukan JavaScript'],
  ] as const)('renders in %s: labels, the widget, a <noscript> note and a mailto: link; cacheable, strict CSP', async (lang, heading, submit, needsJs) => {
    const res = await t.request(`${FORM_PATH}?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('cache-control')).toMatch(/^public/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain(heading);
    expect(html).toContain(`>${submit}</button>`);
    expect(html).toMatch(new RegExp(`<noscript><p class="warning">${needsJs}`));
    expect(html).toContain('<altcha-widget challenge="/api/altcha/challenge" name="altcha"');
    expect(html).toContain(`language="${lang}"`);
    expect(html).toContain('<script type="module" src="/assets/share.js"></script>');
    expect(html).toContain(`<input type="hidden" name="language" value="${lang}"/>`);
    expect(html.match(/name="recipient"/g)).toHaveLength(5);
    // No inline script or style anywhere, and no per-request token.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|\sstyle="/);
    expect(html).not.toContain('_csrf');
    const mailto = /href="(mailto:[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const url = new URL(mailto);
    expect(url.searchParams.get('subject')).toBe(TITLE);
    expect(url.searchParams.get('body')).toBe(`http://pressdesk.test/news/${DEMO_ARTICLE_SLUG}?lang=${lang}`);
  });

  it('an unknown or unpublished release has no form (404)', async () => {
    const draft = await unpublishedArticle(t);
    for (const slug of ['no-such-release', draft]) {
      expect((await t.request(`/news/${slug}/share`)).status).toBe(404);
      const before = await outboxCounts(t);
      const res = await t.request(`/news/${slug}/share`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(formFields({ altcha: await solvedAltcha(t) })).toString(),
      });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Release not found');
      expect(await outboxCounts(t)).toEqual(before);
    }
  });

  it('a valid form post → 303 to the success notice, in the page language; the messages are queued in it', async () => {
    const to = addr('formok');
    const res = await postForm(formFields({ recipients: [to], language: 'ms', altcha: await solvedAltcha(t) }));
    expect(res.status, await res.clone().text()).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/news/${DEMO_ARTICLE_SLUG}/share/sent?lang=ms`);
    const page = await (await t.request(location)).text();
    expect(page).toContain('Telah dihantar');
    expect(page).toContain('Kembali ke kenyataan media');
    const email = await t.db.selectFrom('emails').select(['subject', 'reply_to']).where('to_address', '=', to).executeTakeFirstOrThrow();
    expect(email.subject).toMatch(/^Kenyataan media daripada UNICEF:/);
  });

  it('errors are shown beside the fields in the page language, with what was typed kept, and nothing is sent', async () => {
    const before = await outboxCounts(t);
    const res = await postForm([
      ['language', 'zh'],
      ['recipient', 'ok@example.com'],
      ['recipient', ''],
      ['recipient', 'not-an-address'],
      ['recipient', ''],
      ['recipient', ''],
      ['senderName', 'Win cash at https://spam.example'],
      ['senderEmail', 'me@example.com'],
      ['note', `<b>${'长'.repeat(501)}</b>`],
    ]);
    expect(res.status).toBe(422);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-Hans">');
    // The bad address is flagged in its own (third) box; the first box is fine.
    expect(html).toMatch(/id="share-recipient-3"[^>]*value="not-an-address"[^>]*aria-invalid="true"|id="share-recipient-3"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="share-recipient-3-error"');
    expect(html).not.toContain('id="share-recipient-1-error"');
    expect(html).toContain('请填写有效的电子邮件地址');
    expect(html).toContain('姓名中不得包含网址。');
    expect(html).toContain('留言最多 500 个字符。');
    // What was typed is kept (escaped).
    expect(html).toContain('value="ok@example.com"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="Win cash at https://spam.example"');
    expect(html).toContain('&lt;b&gt;长');
    expect(html).not.toContain('<b>长');
    expect(await outboxCounts(t)).toEqual(before);
  });

  it('without a solved challenge (no JavaScript) → the form again with the spam-check message, nothing sent', async () => {
    const before = await outboxCounts(t);
    const res = await postForm(formFields({ language: 'en' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('The spam check has not been completed.');
    expect(html).toContain('Email it from your own mail program');
    expect(await outboxCounts(t)).toEqual(before);
  });

  it('a cross-site post is refused, nothing sent', async () => {
    const before = await outboxCounts(t);
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const res = await postForm(formFields({ altcha: await solvedAltcha(t) }), headers);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('This form can only be sent from our own site.');
    }
    expect(await outboxCounts(t)).toEqual(before);
  });

  it('over a limit → the 429 page in the page language, with Retry-After', async () => {
    const ip = clientIp();
    const five = () => Array.from({ length: 5 }, () => addr('lim'));
    expect((await postForm(formFields({ recipients: five(), altcha: await solvedAltcha(t) }), {}, ip)).status).toBe(303);
    const before = await outboxCounts(t);
    const res = await postForm(formFields({ recipients: five(), language: 'zh', altcha: await solvedAltcha(t) }), {}, ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await res.text();
    expect(html).toContain('今天的分享次数过多');
    expect(html).toMatch(/请于\d+ (小时|分钟)后再试/);
    expect(await outboxCounts(t)).toEqual(before);
  });
});

describe('the widget, self-hosted', () => {
  it('serves the CSP-friendly build, its stylesheet, its PBKDF2 worker and our loader from our own origin', async () => {
    const files = {
      '/assets/altcha.js': /javascript/,
      '/assets/altcha.css': /text\/css/,
      '/assets/altcha-pbkdf2-worker.js': /javascript/,
      '/assets/share.js': /javascript/,
    };
    for (const [path, type] of Object.entries(files)) {
      const res = await t.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    const loader = await (await t.request('/assets/share.js')).text();
    expect(loader).toContain("import './altcha.js'");
    expect(loader).toContain('/assets/altcha-pbkdf2-worker.js');
    expect(loader).toContain('我不是机器人');
    expect(loader).toContain('Saya bukan robot');
    // The external build carries no blob: worker and injects no <style>.
    const widget = await (await t.request('/assets/altcha.js')).text();
    expect(widget).not.toContain('blob:');
    expect(widget).toContain('customElements.define("altcha-widget"');
  });

  it('the API is documented in /openapi.json', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/altcha/challenge', '/api/articles/{slug}/share']));
  });
});

describe('the staff page /desk/shares', () => {
  it('share counted and the count shown on the staff page (last 7 days and in all)', async () => {
    const article = await t.db.selectFrom('articles').select('id').where('slug', '=', DEMO_ARTICLE_SLUG).executeTakeFirstOrThrow();
    // An old share, outside the 7-day window.
    await t.db
      .insertInto('shares')
      .values({ article_id: article.id, sender_hash: 'x'.repeat(64), client_hash: 'y'.repeat(32), language: 'en', via: 'api', recipients: 2, created_at: new Date('2026-11-01T00:00:00Z') })
      .execute();
    expect((await postShare(t, shareBody({ recipients: [addr('c1'), addr('c2')] }))).status).toBe(202);
    expect((await postShare(t, shareBody({ recipients: [addr('c3')] }))).status).toBe(202);

    const counts = await t.db
      .selectFrom('shares')
      .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.sum<string>('recipients').as('messages')])
      .where('article_id', '=', article.id)
      .executeTakeFirstOrThrow();
    const recent = await t.db
      .selectFrom('shares')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('article_id', '=', article.id)
      .where('created_at', '>', new Date(t.clock.now().getTime() - 7 * 86400_000))
      .executeTakeFirstOrThrow();
    expect(Number(counts.total) - Number(recent.n)).toBe(1);

    const cookie = await signIn(t, JUANA);
    const res = await t.request('/desk/shares', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<a href="/desk/shares">Shared articles</a>');
    const row = new RegExp(`<tr data-slug="${DEMO_ARTICLE_SLUG}">(.*?)</tr>`).exec(html)?.[1];
    expect(row).toBeDefined();
    expect(row).toContain(TITLE);
    const cells = [...row!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 2)).toEqual([String(recent.n), String(counts.total)]);
    expect(cells[3]).toBe(String(counts.messages));
  });

  it('signed out → sent to sign in; the counts are for staff only', async () => {
    const res = await t.request('/desk/shares');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/desk/sign-in');
  });
});

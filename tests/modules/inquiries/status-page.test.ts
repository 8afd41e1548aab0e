import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
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

  it('QUALITY 6: HTML and script in subject, message, name and outlet are shown as text, escaped; CSP and nosniff are sent', async () => {
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

  it('QUALITY 9: never shows routing reasons or the officers\' and office\'s email addresses', async () => {
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

describe('QUALITY 13: unguessable status links and ids', () => {
  it('the status token is 43 URL-safe characters (256 bits), and the URL holds neither the id nor the reference', async () => {
    const { body, token } = await submit();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(body.statusUrl).not.toContain(body.id);
    expect(body.statusUrl).not.toContain(body.reference);
    // Stored as issued: the database is the only place that maps token → inquiry.
    const row = await t.db.selectFrom('inquiries').select('status_token').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.status_token).toBe(token);
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

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createDatabase, createPool } from '../../src/db/database.js';
import { storeAttachments } from '../../src/modules/attachments/index.js';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { Agent } from '../modules/auth/cookie-jar.js';

// Pages send a CSP and nosniff. The defaults are set before a handler runs; a handler
// that builds its own Response (problem+json, error pages) gets them afterwards; a route that
// needs a looser policy (the API docs) keeps its own.
let t: TestContext;
beforeAll(async () => {
  // Captured mail (so /dev/mailbox is mounted), a metrics token, no page cache (the 500 case
  // below breaks a table for a moment), and a small intake limit for the 429 case.
  t = await buildTestContext({
    smtp: false,
    env: { TRUST_PROXY: 'true', METRICS_TOKEN: METRICS_TOKEN, PUBLIC_PAGE_CACHE_SECONDS: '0', INTAKE_MAX_PER_CLIENT: '5' },
  });
});
afterAll(async () => {
  await t.close();
});

const STRICT_CSP = "default-src 'self'; script-src 'self'";
const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';
const SLUG = 'asia-pacific-governments-commit-to-child-rights';

describe('security headers on every kind of response', () => {
  it.each([
    ['a public page', '/contacts', 200],
    ['a 304 of a public page', null, 304],
    ['a localised 404 page', '/no-such-page', 404],
    ['a problem+json error (its own Response)', '/api/articles/no-such-article', 404],
    ['a refused form post (415 page)', '/inquiries/status/' + 'x'.repeat(43) + '/follow-up', 415],
    ['JSON from the API', '/api/offices', 200],
  ] as const)('%s', async (_label, path, status) => {
    let res: Response;
    if (path === null) {
      const first = await t.request('/contacts');
      res = await t.request('/contacts', { headers: { 'if-none-match': first.headers.get('etag')! } });
    } else {
      res = await t.request(path, status === 415 ? { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' } : {});
    }
    expect(res.status).toBe(status);
    expect(res.headers.get('content-security-policy')).toContain(STRICT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the API docs keep their own, looser policy (Swagger UI needs inline styles) and still get nosniff', async () => {
    const res = await t.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(res.headers.get('content-security-policy')).not.toContain(STRICT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

/** The four headers every answer carries: a CSP with frame-ancestors, nosniff and a Referrer-Policy. */
function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/(?:^|;\s*)default-src /);
  expect(csp).toMatch(/(?:^|;\s*)frame-ancestors '(?:self|none)'/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(['strict-origin-when-cross-origin', 'no-referrer']).toContain(res.headers.get('referrer-policy'));
}

const form = (body: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});

describe('every page route, public and staff, and every error page, carries the security headers', () => {
  let admin: Agent;
  let statusPath: string;
  let inquiryId: string;
  let emailId: string;
  let attachmentId: string;

  beforeAll(async () => {
    const created = await t.postJson('/api/inquiries', validInquiry({ email: 'headers@example.com' }), { 'x-forwarded-for': '10.77.0.1' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; statusUrl: string };
    statusPath = new URL(body.statusUrl).pathname;
    inquiryId = body.id;
    // The captured copy, as the mailbox shows it once the worker has rendered and sent it.
    await t.runJobs();
    emailId = (await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', inquiryId).executeTakeFirstOrThrow()).id;
    const [file] = await t.db.transaction().execute((trx) =>
      storeAttachments(trx, { inquiryId, source: 'form' }, [{ filename: 'brief.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }]),
    );
    attachmentId = file!.id;
    admin = new Agent(t);
    expect((await admin.signIn('desk.admin@example.org')).status).toBe(303);
  });

  /** Route pattern (as Hono registers it), then what to request and the status it answers. */
  type Case = [route: string, run: () => Promise<Response>, status: number];
  const anon = (path: string, init?: RequestInit) => () => t.request(path, init);
  const staff = (path: string) => () => admin.get(path);
  const pages = (): Case[] => [
    ['/', anon('/'), 200],
    ['/news', anon('/news'), 302],
    ['/news/:slug', anon(`/news/${SLUG}`), 200],
    ['/news/:slug/share', anon(`/news/${SLUG}/share`), 200],
    ['/news/:slug/share/sent', anon(`/news/${SLUG}/share/sent`), 200],
    ['/contacts', anon('/contacts'), 200],
    ['/guidelines/children', anon('/guidelines/children'), 200],
    ['/inquiries/new', anon('/inquiries/new'), 200],
    ['/inquiries/status/:token', anon(statusPath), 200],
    ['/share/unsubscribe/:token', anon(`/share/unsubscribe/${'u'.repeat(43)}`), 404],
    ['/desk/sign-in', anon('/desk/sign-in'), 200],
    ['/desk/sign-in/link/:token', anon(`/desk/sign-in/link/${'z'.repeat(43)}`), 410],
    ['/desk', anon('/desk'), 303],
    ['/desk', staff('/desk'), 200],
    ['/desk/inquiries/:id', staff(`/desk/inquiries/${inquiryId}`), 200],
    ['/desk/attachments/:id', anon(`/desk/attachments/${attachmentId}`), 303],
    ['/desk/attachments/:id', staff(`/desk/attachments/${attachmentId}`), 200],
    ['/desk/offices/:code/canned', staff('/desk/offices/malaysia/canned'), 200],
    ['/desk/quarantine', anon('/desk/quarantine'), 303],
    ['/desk/quarantine', staff('/desk/quarantine'), 200],
    ['/desk/quarantine/:id/original', staff(`/desk/quarantine/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/original`), 404],
    ['/desk/shares', staff('/desk/shares'), 200],
    ['/desk/settings', staff('/desk/settings'), 200],
    ['/desk/admin/audit', staff('/desk/admin/audit'), 200],
    ['/dev/mailbox', anon('/dev/mailbox'), 404],
    ['/dev/mailbox', staff('/dev/mailbox'), 200],
    ['/dev/mailbox/:id', staff(`/dev/mailbox/${emailId}`), 200],
    ['/dev/mailbox/:id/html', staff(`/dev/mailbox/${emailId}/html`), 200],
    ['/docs', anon('/docs'), 200],
    ['/docs/assets/:file', anon('/docs/assets/swagger-ui.css'), 200],
    ['/assets/site.css', anon('/assets/site.css'), 200],
    ['/assets/public.css', anon('/assets/public.css'), 200],
    ['/assets/share.js', anon('/assets/share.js'), 200],
    ['/assets/altcha.js', anon('/assets/altcha.js'), 200],
    ['/assets/altcha.css', anon('/assets/altcha.css'), 200],
    ['/assets/altcha-pbkdf2-worker.js', anon('/assets/altcha-pbkdf2-worker.js'), 200],
    ['/openapi.json', anon('/openapi.json'), 200],
    ['/healthz', anon('/healthz'), 200],
    ['/readyz', anon('/readyz'), 200],
    ['/metrics', anon('/metrics'), 401],
    ['/metrics', anon('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }), 200],
  ];

  it('the list below names every GET route outside /api that the app has', () => {
    const registered = new Set(t.app.routes.filter((r) => r.method === 'GET' && !/^\/api(?:\/|$)/.test(r.path)).map((r) => r.path));
    expect([...new Set(pages().map(([route]) => route))].sort()).toEqual([...registered].sort());
  });

  it('each page route, signed out and signed in as an admin', async () => {
    for (const [route, run, status] of pages()) {
      const res = await run();
      expect({ route, status: res.status }).toEqual({ route, status });
      expectSecurityHeaders(res);
    }
  });

  it.each([
    ['400 a page with a bad query', () => admin.get('/desk/admin/audit?before=x'), 400],
    ['401 the staff API signed out', anon('/api/staff/inquiries'), 401],
    ['403 a cross-site post to the desk', () => admin.post('/desk/settings', {}, { origin: 'https://evil.example' }), 403],
    ['403 a cross-site post of the inquiry form', anon('/inquiries/new', form({}, { origin: 'https://evil.example' })), 403],
    ['404 a missing page', anon('/no-such-page'), 404],
    ['404 a captured message asked for by a stranger', anon(`/dev/mailbox/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`), 404],
    ['404 the API', anon('/api/articles/no-such-article'), 404],
    ['410 a used or unknown sign-in link', anon(`/desk/sign-in/link/${'y'.repeat(43)}`, form({})), 410],
    ['413 an oversized inquiry form', anon('/inquiries/new', form({ message: 'x'.repeat(300_000) })), 413],
    ['413 an oversized API body', () => t.postJson('/api/inquiries', { message: 'x'.repeat(300_000) }), 413],
    ['415 a text/plain follow-up', anon(`/inquiries/status/${'x'.repeat(43)}/follow-up`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 415],
    ['422 an invalid inquiry form', anon('/inquiries/new', form({ name: '' }, { 'x-forwarded-for': '10.77.0.2' })), 422],
  ] as const)('%s', async (_label, run, status) => {
    const res = await run();
    expect(res.status).toBe(status);
    expectSecurityHeaders(res);
  });

  it('429 the inquiry form over the intake limit', async () => {
    const post = () => t.request('/inquiries/new', form({}, { 'x-forwarded-for': '10.77.0.3' }));
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(422);
    const res = await post();
    expect(res.status).toBe(429);
    expectSecurityHeaders(res);
  });

  it('500 a page whose query fails unexpectedly (a table briefly renamed away)', async () => {
    await sql`alter table articles rename to articles_away`.execute(t.db);
    try {
      const res = await t.request('/');
      expect(res.status).toBe(500);
      expectSecurityHeaders(res);
    } finally {
      await sql`alter table articles_away rename to articles`.execute(t.db);
    }
    expect((await t.request('/')).status).toBe(200);
  });

  it('503 a page and a staff page while the database cannot be reached', async () => {
    const pool = createPool('postgres://postgres@127.0.0.1:1/unreachable', 1);
    const down = createApp({ ...t.deps, db: createDatabase(pool) });
    try {
      for (const path of ['/contacts', '/desk']) {
        const res = await down.request(path, { headers: { cookie: `pd_session=${admin.session}` } });
        expect(res.status).toBe(503);
        expectSecurityHeaders(res);
      }
    } finally {
      await pool.end();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../helpers/app.js';

// QUALITY 6: pages send a CSP and nosniff. The defaults are set before a handler runs; a handler
// that builds its own Response (problem+json, error pages) gets them afterwards; a route that
// needs a looser policy (the API docs) keeps its own.
let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

const STRICT_CSP = "default-src 'self'; script-src 'self'";

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

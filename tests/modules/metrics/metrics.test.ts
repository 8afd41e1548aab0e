import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';

const TOKEN = 'metrics-scraper-token-0123456789abcdef';
const bearer = (token = TOKEN) => ({ headers: { authorization: `Bearer ${token}` } });

let t: TestContext;
beforeAll(async () => {
  // One attempt only: a temporary failure exhausts the job at once.
  t = await buildTestContext({ env: { EMAIL_MAX_ATTEMPTS: '1', METRICS_TOKEN: TOKEN } });
});
afterAll(() => t.close());

function sample(text: string, name: string, labels: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : null;
}

it('jobs that exhaust their retries are kept as failed and counted in /metrics, with the outbox by status', async () => {
  t.smtp!.behave('tempfail');
  const res = await t.postJson('/api/inquiries', validInquiry({ email: 'metrics@example.com' }));
  expect(res.status).toBe(201);
  await t.runJobs();

  const metrics = await t.request('/metrics', bearer());
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await metrics.text();
  expect(sample(text, 'pressdesk_jobs', 'task="send_email",state="failed"')).toBe(3);
  expect(sample(text, 'pressdesk_emails', 'kind="acknowledgement",status="failed"')).toBe(1);
  expect(sample(text, 'pressdesk_emails', 'kind="new_inquiry",status="failed"')).toBe(2);
  expect(sample(text, 'pressdesk_http_requests_total', 'method="POST",route="/api/inquiries",status="201"')).toBe(1);
});

describe('who may read /metrics on the public port', () => {
  it('with neither METRICS_TOKEN nor METRICS_PORT set, /metrics is not served: the 404 of a missing page', async () => {
    const open = createApp({ ...t.deps, config: { ...t.config, METRICS_TOKEN: undefined, METRICS_PORT: undefined } });
    const res = await open.request('/metrics');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('pressdesk_');
    const missing = await open.request('/no-such-page');
    expect(res.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    expect((await open.request('/metrics', bearer())).status).toBe(404);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', bearer('not-the-metrics-token-0123456789abcdef')],
    ['the token one character short', bearer(TOKEN.slice(0, -1))],
    ['the right token under another scheme', { headers: { authorization: `Basic ${TOKEN}` } }],
    ['a malformed bearer value', { headers: { authorization: 'Bearer a b c' } }],
  ] as const)('with METRICS_TOKEN, %s → 401 with WWW-Authenticate: Bearer and no figures', async (_label, init) => {
    const res = await t.request('/metrics', init);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await res.text()).not.toContain('pressdesk_');
  });

  it('with METRICS_TOKEN, the right bearer token → 200 Prometheus text, not cached', async () => {
    const res = await t.request('/metrics', bearer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('# TYPE pressdesk_http_requests_total counter');
  });

  it('with METRICS_PORT set, the public app does not serve /metrics even with the right token', async () => {
    const moved = createApp({ ...t.deps, config: { ...t.config, METRICS_PORT: 9464 } });
    expect((await moved.request('/metrics', bearer())).status).toBe(404);
  });
});

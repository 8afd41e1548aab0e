import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  // One attempt only: a temporary failure exhausts the job at once.
  t = await buildTestContext({ env: { EMAIL_MAX_ATTEMPTS: '1' } });
});
afterAll(() => t.close());

function sample(text: string, name: string, labels: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : null;
}

it('QUALITY 25: jobs that exhaust their retries are kept as failed and counted in /metrics, with the outbox by status', async () => {
  t.smtp!.behave('tempfail');
  const res = await t.postJson('/api/inquiries', validInquiry({ email: 'metrics@example.com' }));
  expect(res.status).toBe(201);
  await t.runJobs();

  const metrics = await t.request('/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await metrics.text();
  expect(sample(text, 'pressdesk_jobs', 'task="send_email",state="failed"')).toBe(3);
  expect(sample(text, 'pressdesk_emails', 'kind="acknowledgement",status="failed"')).toBe(1);
  expect(sample(text, 'pressdesk_emails', 'kind="new_inquiry",status="failed"')).toBe(2);
  expect(sample(text, 'pressdesk_http_requests_total', 'method="POST",route="/api/inquiries",status="201"')).toBe(1);
});

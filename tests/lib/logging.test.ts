import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { graphileQueue, type JobQueue } from '../../src/db/queue.js';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

/** Parses the captured output line by line, so a forged or broken line fails here rather than in the sink. */
function logLines(): Record<string, unknown>[] {
  return t
    .logText()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const requestLines = (id: string) => logLines().filter((l) => l.msg === 'request' && l.requestId === id);

describe('one request log line per request', () => {
  it.each([
    ['GET', '/healthz', undefined, '/healthz', 200],
    ['GET', '/api/offices', undefined, '/api/offices', 200],
    ['GET', '/api/articles/asia-pacific-governments-commit-to-child-rights', undefined, '/api/articles/:slug', 200],
    ['GET', '/api/articles/no-such-release', undefined, '/api/articles/:slug', 404],
    ['POST', '/api/inquiries', '{"name":', '/api/inquiries', 400],
    // No route: the middleware pattern is logged, never the raw path (which could hold a token).
    ['GET', '/api/unknown/secret-in-path-4d2c', undefined, '/api/*', 404],
  ] as const)('%s %s → exactly one line with requestId, method, route pattern, status and ms', async (method, path, body, route, status) => {
    const res = await t.request(path, body ? { method, body, headers: { 'content-type': 'application/json' } } : { method });
    expect(res.status).toBe(status);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = requestLines(id);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 30, requestId: id, method, route, status });
    expect(typeof line!.ms).toBe('number');
    expect(line!.ms as number).toBeGreaterThanOrEqual(0);
    expect(t.logText()).not.toContain('secret-in-path');
  });

  it('the status page is logged by its route pattern, never with the token in the path', async () => {
    const created = await (await t.postJson('/api/inquiries', validInquiry({ email: 'log.status@example.com' }))).json();
    const path = new URL(created.statusUrl).pathname;
    const token = path.split('/').pop()!;
    const res = await t.request(path);
    expect(res.status).toBe(200);
    const [line] = requestLines(res.headers.get('x-request-id')!);
    expect(line!.route).toBe('/inquiries/status/:token');
    expect(t.logText()).not.toContain(token);
  });

  it('a client-chosen X-Request-Id with odd characters is not echoed or logged', async () => {
    const forged = '{"level":60,"msg":"forged"}';
    const res = await t.request('/healthz', { headers: { 'x-request-id': forged } });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toBe(forged);
    expect(requestLines(id)).toHaveLength(1);
    expect(t.logText()).not.toContain('forged');
  });
});

describe('no personal data, message bodies or tokens in the logs', () => {
  it('after an inquiry is posted, its status page read and its emails sent, the logs hold none of the reporter\'s data nor the token', async () => {
    const reporter = {
      name: 'Zelda Quixotic-Loggable',
      email: 'zelda.loggable@example.com',
      phone: '+60 12 987 6543',
      outlet: 'Loggable Gazette',
      subject: 'Subject marker 7f3a9c: Beijing follow-up',
      message: 'Message marker b41e2d: what did Malaysia commit to?\nSecond line of the body.',
    };
    const res = await t.postJson('/api/inquiries', validInquiry(reporter));
    expect(res.status).toBe(201);
    const created = await res.json();
    const token = new URL(created.statusUrl).pathname.split('/').pop()!;
    expect((await t.request(new URL(created.statusUrl).pathname)).status).toBe(200);
    await t.runJobs();
    const sent = await t.db.selectFrom('emails').select('status').where('inquiry_id', '=', created.id).execute();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((e) => e.status === 'sent')).toBe(true);

    const text = t.logText();
    // The log did record this work (so its absence of data means something): the request and the sends.
    expect(logLines().filter((l) => l.msg === 'email sent').length).toBeGreaterThanOrEqual(sent.length);
    for (const [field, value] of Object.entries({ ...reporter, token, statusUrl: created.statusUrl })) {
      expect(text, field).not.toContain(value);
    }
    expect(text).not.toContain('7f3a9c');
    expect(text).not.toContain('b41e2d');
    expect(text).not.toContain('Zelda');
    expect(text).not.toContain('zelda.loggable');
  });
});

describe('CR/LF in input cannot forge a log line', () => {
  const FORGED = '{"level":30,"msg":"forged"}';

  it('CR/LF in name, subject, message, headers and path: every log line parses as JSON and no forged line appears', async () => {
    const attempts = [
      await t.postJson('/api/inquiries', validInquiry({ email: 'crlf.name@example.com', name: `x\n${FORGED}` })),
      await t.postJson('/api/inquiries', validInquiry({ email: 'crlf.subject@example.com', subject: `x\r\n${FORGED}` })),
      // Message bodies may hold newlines: accepted, but never logged.
      await t.postJson('/api/inquiries', validInquiry({ email: 'crlf.message@example.com', message: `x\n${FORGED}\r\n${FORGED}` })),
      await t.request(`/api/articles/x${encodeURIComponent(`\n${FORGED}`)}`),
      await t.request(`/inquiries/status/${encodeURIComponent(`\r\n${FORGED}`)}`),
      await t.postJson('/api/inquiries', `{"name": "x\\n${FORGED.replaceAll('"', '\\"')}"`), // malformed JSON
    ];
    expect(attempts.map((r) => r.status)).toEqual([422, 422, 201, 422, 404, 400]);
    for (const r of attempts) expect(requestLines(r.headers.get('x-request-id')!)).toHaveLength(1);

    const raw = t.logText().split('\n').filter(Boolean);
    for (const line of raw) {
      expect(() => JSON.parse(line), line).not.toThrow();
      expect(line).not.toBe(FORGED);
      expect(JSON.parse(line).msg).not.toBe('forged');
    }
    expect(t.logText()).not.toContain('forged');
  });
});

describe('a 500 answers a generic problem with a request id', () => {
  it('an unexpected failure → 500 problem+json naming the request id, no stack or internal message; the log has the details under the same id', async () => {
    const boom = async () => {
      throw new Error('queue exploded: internal detail 93e1');
    };
    // Adding a job fails (a queue with no expression adds each job after the emails); ping still works.
    const broken = { ping: graphileQueue.ping, add: boom };
    const queue: JobQueue = broken;
    const app = createApp({ ...t.deps, queue });
    const before = await t.counts();
    const res = await app.request('/api/inquiries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validInquiry({ email: 'five.hundred@example.com' })),
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const id = res.headers.get('x-request-id')!;
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 500, title: 'Internal server error', code: 'internal', requestId: id });
    expect(problem.detail).toContain(id);
    const raw = JSON.stringify(problem);
    expect(raw).not.toContain('93e1');
    expect(raw).not.toContain('exploded');
    expect(raw).not.toMatch(/\.ts:\d+|\.js:\d+|at \w+ \(/);

    // The failure happened inside the intake transaction: nothing was kept.
    expect(await t.counts()).toEqual(before);

    const errors = logLines().filter((l) => l.requestId === id && (l.level as number) >= 50);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('93e1'); // the operator can find out what happened
    expect(requestLines(id)).toMatchObject([{ status: 500, route: '/api/inquiries' }]);
    // Even the error line must not carry the reporter's data.
    expect(t.logText()).not.toContain('five.hundred@example.com');
  });
});

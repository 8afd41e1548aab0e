import http from 'node:http';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/embedded-postgres.js';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { newInquiry, signIn, type Session } from '../modules/desk/actions-helpers.js';
import { DEMO_ARTICLE_SLUG, SHARE_TEST_ENV } from '../modules/sharing/share-helpers.js';

// The worst a client can send, over real HTTP (the app served on a loopback
// port, as in production): every public form and API gets bodies of exactly
// its limit, filled with the strings that make each regular expression on the
// way work hardest. Each answer must come within a second, and /healthz, asked
// all the while, within half a second: nothing may hold the event loop.

const ANSWER_MS = 1_000;
const HEALTH_MS = 500;

let t: TestContext;
let server: Server;
let base: string;
let staff: Session;
let inquiryId: string;
let statusToken: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Sign-in throttling out of the way, so every sign-in goes the whole way (a throttled one is quicker).
  t = await buildTestContext({ env: { ...SHARE_TEST_ENV, PUBLIC_BASE_URL: base, LOGIN_MAX_PER_CLIENT: '100000', LOGIN_MAX_PER_ACCOUNT: '100000' } });
  server = await new Promise<Server>((resolve, reject) => {
    const serverOptions = { maxHeaderSize: t.config.MAX_HEADER_BYTES };
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1', serverOptions }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  staff = await signIn(t, 'indra.nadchatram@example.org');
  const inquiry = await newInquiry(t, { country: 'MY' }, { assignee: 'indra.nadchatram@example.org' });
  inquiryId = inquiry.id;
  statusToken = new URL(inquiry.statusUrl).pathname.split('/').pop()!;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET /healthz on a connection of its own (a kept-alive one may be one the server just closed after a 413). */
function healthz(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
  });
}

/** Asks /healthz in a loop until stopped; the slowest answer is what counts. */
function watchHealth() {
  let running = true;
  let slowest = 0;
  let answers = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const status = await healthz();
      if (status !== 200) throw new Error(`/healthz answered ${status}`);
      slowest = Math.max(slowest, performance.now() - started);
      answers++;
      await sleep(25);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowest, answers };
    },
  };
}

// The strings that make each pattern work hardest: runs of domain labels (the link detector's
// domain part: 63 letters and a dot is the longest label), dots, hyphens, non-Latin labels,
// trailing punctuation after a scheme (its "rest of the link"), almost-schemes, control-free
// whitespace runs (keyword rules, \s+), plus signs (the JSON content type), base64-ish runs (ALTCHA).
const UNITS: Record<string, string> = {
  'labels of 63 letters and a dot': `${'a'.repeat(63)}.`,
  'a. a. a.': 'a.',
  'a hyphen run': '-a',
  'hyphens before dots': 'a-.',
  'Han labels': `${'中'.repeat(60)}.`,
  'full-width dots': `${'a'.repeat(20)}．`,
  'punctuation after a scheme': 'http://x,.;:!?)',
  'almost a scheme': `${'a'.repeat(20)}:/`,
  'www again and again': 'www.',
  'mailto again and again': 'mailto:',
  'a port after a domain': 'a.com:1',
  'spaces and words': ' unicef ',
  'plus signs': '+',
};

type Encode = 'json' | 'form';

interface Target {
  name: string;
  method?: string;
  path: () => string;
  encode: Encode;
  limit: () => number;
  /** The body with `fill` in the fields that regexes read. */
  body: (fill: string) => Record<string, unknown>;
  headers?: () => Record<string, string>;
}

function encodeBody(encode: Encode, fields: Record<string, unknown>): string {
  if (encode === 'json') return JSON.stringify(fields);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  return params.toString();
}

/** A body of exactly `limit` bytes: as many whole units as fit, then plain letters. */
function bodyOfLimit(target: Target, unit: string): string {
  const limit = target.limit();
  const make = (fill: string) => encodeBody(target.encode, target.body(fill));
  const empty = Buffer.byteLength(make(''));
  const perUnit = Buffer.byteLength(make(unit)) - empty;
  const perLetter = Buffer.byteLength(make('a')) - empty;
  let fill = unit.repeat(Math.floor((limit - empty) / perUnit));
  fill += 'a'.repeat(Math.floor((limit - Buffer.byteLength(make(fill))) / perLetter));
  let body = make(fill);
  // The fill sits in several fields: top up the last bytes in one place the schema ignores or refuses anyway.
  const short = limit - Buffer.byteLength(body);
  if (short > 0) body = target.encode === 'json' ? `${body}${' '.repeat(short)}` : `${body}&${'z'.repeat(short - 1)}`;
  expect(Buffer.byteLength(body)).toBe(limit);
  return body;
}

const CONTENT_TYPE: Record<Encode, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

async function send(target: Target, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${target.path()}`, {
    method: target.method ?? 'POST',
    headers: { 'content-type': CONTENT_TYPE[target.encode], ...target.headers?.() },
    body,
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

const withCsrf = (fields: Record<string, unknown>) => ({ _csrf: staff.csrf, ...fields });
const staffHeaders = () => ({ cookie: staff.cookie });

const TARGETS: Target[] = [
  {
    name: 'POST /api/inquiries',
    path: () => '/api/inquiries',
    encode: 'json',
    limit: () => t.config.BODY_LIMIT_BYTES,
    body: (f) => validInquiry({ name: f, outlet: f, subject: f, message: f, phone: f, email: f }),
    headers: () => ({ 'x-forwarded-for': '10.9.9.1' }),
  },
  {
    name: 'POST /inquiries/new (the inquiry form)',
    path: () => '/inquiries/new',
    encode: 'form',
    limit: () => t.config.BODY_LIMIT_BYTES * 2,
    body: (f) => ({ name: f, email: f, phone: f, outlet: f, country: 'MY', subject: f, message: f, involvesChildren: 'no', consent: 'yes', deadlineDate: f, deadlineTime: f, deadlineZone: f }),
  },
  {
    name: 'POST /inquiries/status/{token}/follow-up',
    path: () => `/inquiries/status/${statusToken}/follow-up`,
    encode: 'form',
    limit: () => 64 * 1024,
    body: (f) => ({ message: f }),
  },
  {
    name: 'POST /api/articles/{slug}/share',
    path: () => `/api/articles/${DEMO_ARTICLE_SLUG}/share`,
    encode: 'json',
    limit: () => t.config.BODY_LIMIT_BYTES,
    body: (f) => ({ recipients: [f], senderName: f, senderEmail: f, note: f, language: 'en', altcha: 'AAAA' }),
  },
  {
    name: 'POST /api/articles/{slug}/share with only the sender name filled',
    path: () => `/api/articles/${DEMO_ARTICLE_SLUG}/share`,
    encode: 'json',
    limit: () => t.config.BODY_LIMIT_BYTES,
    body: (f) => ({ recipients: ['friend@example.com'], senderName: f, senderEmail: 'mei@example.com', language: 'en', altcha: 'AAAA' }),
  },
  {
    name: 'POST /news/{slug}/share (the share form)',
    path: () => `/news/${DEMO_ARTICLE_SLUG}/share`,
    encode: 'form',
    limit: () => t.config.FORM_BODY_LIMIT_BYTES,
    body: (f) => ({ recipient: [f, 'friend@example.com'], senderName: f, senderEmail: 'mei@example.com', note: f, language: 'en', altcha: 'AAAA' }),
  },
  {
    name: 'POST /share/unsubscribe/{token}',
    path: () => `/share/unsubscribe/${'A'.repeat(43)}`,
    encode: 'form',
    limit: () => t.config.FORM_BODY_LIMIT_BYTES,
    body: (f) => ({ lang: f, token: f }),
  },
  {
    name: 'POST /desk/sign-in',
    path: () => '/desk/sign-in',
    encode: 'form',
    limit: () => t.config.SIGN_IN_BODY_LIMIT_BYTES,
    body: (f) => ({ email: f, password: f, next: `/desk${f}` }),
  },
  {
    name: 'POST /desk/sign-in with a plausible address and a long password',
    path: () => '/desk/sign-in',
    encode: 'form',
    limit: () => t.config.SIGN_IN_BODY_LIMIT_BYTES,
    body: (f) => ({ email: 'dale.rutstein@example.org', password: f }),
  },
  {
    name: 'POST /desk/sign-in/link (ask for a sign-in link)',
    path: () => '/desk/sign-in/link',
    encode: 'form',
    limit: () => t.config.SIGN_IN_BODY_LIMIT_BYTES,
    body: (f) => ({ email: f }),
  },
  {
    name: 'POST /desk/sign-in/link/{token}',
    path: () => `/desk/sign-in/link/${'A'.repeat(43)}`,
    encode: 'form',
    limit: () => t.config.SIGN_IN_BODY_LIMIT_BYTES,
    body: (f) => ({ token: f }),
  },
  {
    name: 'POST /desk/inquiries/{id}/reply (signed in)',
    path: () => `/desk/inquiries/${inquiryId}/reply`,
    encode: 'form',
    limit: () => t.config.DESK_BODY_LIMIT_BYTES,
    body: (f) => withCsrf({ version: '1', text: f, status: 'answered' }),
    headers: staffHeaders,
  },
  {
    name: 'POST /desk/inquiries/{id}/transfer (signed in)',
    path: () => `/desk/inquiries/${inquiryId}/transfer`,
    encode: 'form',
    limit: () => t.config.DESK_BODY_LIMIT_BYTES,
    body: (f) => withCsrf({ version: '1', office: f, reason: f }),
    headers: staffHeaders,
  },
  {
    name: 'POST /api/staff/inquiries/{id}/note (signed in)',
    path: () => `/api/staff/inquiries/${inquiryId}/note`,
    encode: 'json',
    limit: () => t.config.BODY_LIMIT_BYTES,
    body: (f) => ({ version: 1, text: f }),
    headers: () => ({ ...staffHeaders(), 'x-csrf-token': staff.csrf }),
  },
];

describe('the worst bodies each route accepts are answered at once, and the event loop stays free', () => {
  it.each(TARGETS.map((target) => [target.name, target] as const))('%s: every crafted body of exactly its limit', async (_name, target) => {
    // Warm up (first-use compilation is not what is measured here).
    await send(target, encodeBody(target.encode, target.body('warm up')));
    const health = watchHealth();
    const slow: string[] = [];
    try {
      for (const [label, unit] of Object.entries(UNITS)) {
        const { status, ms } = await send(target, bodyOfLimit(target, unit));
        // At the limit is not over it: the route read and judged the body.
        expect(status, label).not.toBe(413);
        expect(status, label).toBeLessThan(500);
        if (ms >= ANSWER_MS) slow.push(`${label}: ${Math.round(ms)} ms`);
      }
    } finally {
      const { slowest, answers } = await health.stop();
      expect(answers).toBeGreaterThan(0);
      expect(slowest, 'slowest /healthz answer (ms)').toBeLessThan(HEALTH_MS);
    }
    expect(slow).toEqual([]);
  }, 120_000);

  it('long headers a regex reads (request id, bearer token, content type) and a long query are answered at once', async () => {
    const health = watchHealth();
    const timings: Record<string, number> = {};
    const time = async (label: string, path: string, init: RequestInit, expected: number) => {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
      await res.arrayBuffer();
      timings[label] = performance.now() - started;
      expect(res.status, label).toBe(expected);
    };
    const json = JSON.stringify(validInquiry());
    try {
      await time('X-Request-Id of 8 KB', '/healthz', { headers: { 'x-request-id': '-'.repeat(8 * 1024) } }, 200);
      await time('Bearer and 8 KB of spaces', `/api/articles/${DEMO_ARTICLE_SLUG}/share`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${' '.repeat(8 * 1024)}!` },
        // A valid body, so the token is looked at (the body is validated first).
        body: JSON.stringify({ recipients: ['friend@example.com'], senderName: 'Mei', senderEmail: 'mei@example.com', altcha: 'AAAA' }),
      }, 401);
      await time('a content type of 8 KB of plus signs', '/api/inquiries', {
        method: 'POST',
        headers: { 'content-type': `application/${'+'.repeat(8 * 1024)}x` },
        body: json,
      }, 415);
      await time('GET /api/altcha/challenge with a query just under the limit', `/api/altcha/challenge?x=${'a.'.repeat(4000)}`, {}, 200);
      await time('the desk queue searched with a query just under the limit (too long a search: 422)', `/desk?q=${'a.'.repeat(4000)}`, { headers: staffHeaders() }, 422);
      await time('the desk queue searched with the longest search it takes', `/desk?q=${'a.'.repeat(100)}`, { headers: staffHeaders() }, 200);
    } finally {
      const { slowest } = await health.stop();
      expect(slowest, 'slowest /healthz answer (ms)').toBeLessThan(HEALTH_MS);
    }
    for (const [label, ms] of Object.entries(timings)) expect(ms, label).toBeLessThan(ANSWER_MS);
  }, 60_000);
});

/** A raw request whose body is streamed in chunks (no Content-Length) until the server answers or `total` bytes went out. */
function streamBody(path: string, headers: Record<string, string>, total: number, chunkBytes = 64 * 1024) {
  return new Promise<{ status: number; text: string; sent: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const chunk = Buffer.alloc(chunkBytes, 'a');
    let sent = 0;
    let answered = false;
    const req = http.request(`${base}${path}`, { method: 'POST', headers: { ...headers, connection: 'close' } });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, text, sent, ms: performance.now() - started });
      });
    });
    // Once the server answered and closed, writes fail: that is the refusal, not an error of the test.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('bodies over the limit are refused before they are read', () => {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  const over: [string, string, Record<string, string>, () => number, 'page' | 'problem'][] = [
    ['the inquiry API', '/api/inquiries', { 'content-type': 'application/json' }, () => t.config.BODY_LIMIT_BYTES, 'problem'],
    ['the share API', `/api/articles/${DEMO_ARTICLE_SLUG}/share`, { 'content-type': 'application/json' }, () => t.config.BODY_LIMIT_BYTES, 'problem'],
    ['the share form', `/news/${DEMO_ARTICLE_SLUG}/share`, FORM, () => t.config.FORM_BODY_LIMIT_BYTES, 'page'],
    ['the unsubscribe form', `/share/unsubscribe/${'A'.repeat(43)}`, FORM, () => t.config.FORM_BODY_LIMIT_BYTES, 'page'],
    ['the inquiry form', '/inquiries/new', FORM, () => t.config.BODY_LIMIT_BYTES * 2, 'page'],
    ['the follow-up form', `/inquiries/status/${'A'.repeat(43)}/follow-up`, FORM, () => 64 * 1024, 'page'],
    ['the sign-in form', '/desk/sign-in', FORM, () => t.config.SIGN_IN_BODY_LIMIT_BYTES, 'page'],
    ['a desk action', `/desk/inquiries/${'0'.repeat(8)}/drafting`, FORM, () => t.config.DESK_BODY_LIMIT_BYTES, 'page'],
    // The reply form carries files: its own, larger limit is checked in the attachments tests.
  ];

  it.each(over)('%s: one byte over the limit → 413, with Content-Length and streamed in chunks', async (_name, path, headers, limit, kind) => {
    const body = 'a'.repeat(limit() + 1);
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
    expect(res.status).toBe(413);
    const type = res.headers.get('content-type') ?? '';
    if (kind === 'problem') {
      expect(type).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
    } else {
      expect(type).toContain('text/html');
      expect(await res.text()).toMatch(/<h1>[^<]+<\/h1>/);
    }
    // The same without Content-Length, in chunks: counted as it comes, refused once past the limit.
    const streamed = await streamBody(path, headers, limit() * 2, 1024);
    expect(streamed.status).toBe(413);
  }, 60_000);

  it('200 MB streamed to /desk/sign-in: 413 within a second, the memory does not grow', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const health = watchHealth();
    const streamed = await streamBody('/desk/sign-in', FORM, 200 * 1024 * 1024);
    const { slowest } = await health.stop();
    expect(streamed.status).toBe(413);
    expect(streamed.ms).toBeLessThan(ANSWER_MS);
    expect(streamed.sent).toBeLessThan(200 * 1024 * 1024);
    expect(slowest).toBeLessThan(HEALTH_MS);
    await sleep(600); // the server's own drain of what was in flight ends within 500 ms
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(50 * 1024 * 1024);
    // The process still serves.
    expect(await healthz()).toBe(200);
  }, 60_000);

  it('a Content-Length of 200 MB to /desk/sign-in: 413 before a byte of the body is read', async () => {
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/desk/sign-in`, { method: 'POST', headers: { ...FORM, 'content-length': String(200 * 1024 * 1024), connection: 'close' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      // Without a limit the server would wait for the rest: give up rather than hang.
      req.setTimeout(5_000, () => req.destroy(new Error('no answer while the body was still expected')));
      req.write('email=a');
    });
    expect(status).toBe(413);
    expect(performance.now() - started).toBeLessThan(ANSWER_MS);
  });
});

describe('the limits leave room for the largest real input', () => {
  const post = async (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPE.form, ...headers },
      body: encodeBody('form', fields),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    return res.status;
  };
  const longAddress = (i: number) => `${'a'.repeat(63)}${i}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;

  it('the share form with every field at its longest (4-byte characters, percent-encoded) is judged, not refused as too large', async () => {
    const fields = {
      recipient: [1, 2, 3, 4, 5].map(longAddress),
      senderName: '𠀀'.repeat(100),
      senderEmail: longAddress(0),
      note: '𠀀'.repeat(500),
      language: 'en',
      altcha: 'A/+='.repeat(2000),
    };
    expect(Buffer.byteLength(encodeBody('form', fields))).toBeLessThanOrEqual(t.config.FORM_BODY_LIMIT_BYTES);
    expect(await post(`/news/${DEMO_ARTICLE_SLUG}/share`, fields)).toBe(422); // the made-up ALTCHA solution
  });

  it('a sign-in with the longest address, password and return path is judged (401), not refused as too large', async () => {
    const fields = { email: longAddress(0), password: '!'.repeat(1024), next: `/desk?q=${'%'.repeat(490)}` };
    expect(await post('/desk/sign-in', fields)).toBe(401);
  });

  it('a desk reply of 20,000 Chinese characters (the longest reply) is sent', async () => {
    const version = (await t.db.selectFrom('inquiries').select('version').where('id', '=', inquiryId).executeTakeFirstOrThrow()).version;
    const fields = { _csrf: staff.csrf, version: String(version), text: '字'.repeat(20_000), status: 'answered' };
    expect(Buffer.byteLength(encodeBody('form', fields))).toBeGreaterThan(160 * 1024);
    expect(await post(`/desk/inquiries/${inquiryId}/reply`, fields, staffHeaders())).toBe(303);
  });
});

describe('oversized request lines and headers', () => {
  it('a header block over MAX_HEADER_BYTES → 431 from Node, before the app', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/healthz`, { headers: { 'x-filler': 'a'.repeat(t.config.MAX_HEADER_BYTES + 1) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
  });

  it('a path and query over MAX_URL_BYTES → 414: problem+json under /api, a page elsewhere', async () => {
    const q = 'q='.concat('a'.repeat(t.config.MAX_URL_BYTES));
    const api = await fetch(`${base}/api/offices?${q}`);
    expect(api.status).toBe(414);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(((await api.json()) as { code: string }).code).toBe('uri_too_long');
    const page = await fetch(`${base}/news?${q}`);
    expect(page.status).toBe(414);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('URI too long');
    // Just under the limit is served as usual.
    const path = '/api/offices?q=';
    const fits = await fetch(`${base}${path}${'a'.repeat(t.config.MAX_URL_BYTES - path.length)}`);
    expect(fits.status).toBe(200);
  });
});

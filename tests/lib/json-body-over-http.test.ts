import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { serveOverHttp, type LoopbackServer } from '../helpers/loopback-http.js';

// The API's JSON bodies are read from the Node request itself when the app
// runs behind the Node server (the limit counted as they come, the text handed
// to Hono). These go over real HTTP, where that path runs; app.request() takes
// Hono's own.

let t: TestContext;
let server: LoopbackServer;

beforeAll(async () => {
  t = await buildTestContext();
  server = await serveOverHttp(t);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Sent {
  status: number;
  type: string;
  body: string;
}

/** Posts `parts` one write at a time, no Content-Length (chunked), with a pause between writes. */
function postInParts(path: string, parts: Buffer[], headers: Record<string, string> = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    let n = 0;
    const next = () => {
      if (n === parts.length) return void req.end();
      req.write(parts[n++]);
      setTimeout(next, 2);
    };
    next();
  });
}

const inquiryCount = async () => Number((await t.db.selectFrom('inquiries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('JSON bodies read from the Node request', () => {
  it('a body cut into single bytes, through a multi-byte character and after a byte-order mark, arrives whole', async () => {
    const subject = '北京宣言：马来西亚承诺了什么？ — “quoted” 🙂';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(validInquiry({ subject })), 'utf8')]);
    const parts = [...bytes].map((b) => Buffer.from([b]));
    const res = await postInParts('/api/inquiries', parts);
    expect(res.status, res.body).toBe(201);
    const { reference } = JSON.parse(res.body) as { reference: string };
    const row = await t.db.selectFrom('inquiries').select('subject').where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row.subject).toBe(subject);
  });

  it('a body that is not JSON → 400 problem+json, nothing stored', async () => {
    const before = await inquiryCount();
    const res = await postInParts('/api/inquiries', [Buffer.from('{"name": "Mei Ling'), Buffer.from(' Tan",')]);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect((JSON.parse(res.body) as { code: string }).code).toBe('bad_request');
    expect(await inquiryCount()).toBe(before);
  });

  it('another content type still goes through the limit and is refused 415', async () => {
    const res = await postInParts('/api/inquiries', [Buffer.from('name=Mei')], { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.type).toContain('application/problem+json');
  });

  it('a client that goes away halfway through its body stores nothing, and the server goes on serving', async () => {
    const before = await inquiryCount();
    const whole = JSON.stringify(validInquiry({ subject: 'Cut off in the middle' }));
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.baseUrl}/api/inquiries`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(whole)) },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(whole.slice(0, whole.length / 2));
      setTimeout(() => req.destroy(), 50);
    });
    const res = await fetch(`${server.baseUrl}/api/inquiries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(validInquiry({ subject: 'Sent whole' })) });
    expect(res.status).toBe(201);
    expect(await inquiryCount()).toBe(before + 1);
    const cut = await t.db.selectFrom('inquiries').select('id').where('subject', '=', 'Cut off in the middle').execute();
    expect(cut).toEqual([]);
  });
});

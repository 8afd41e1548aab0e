import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { createDatabase, createPool } from '../../../src/db/database.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

describe('GET /healthz', () => {
  it('answers 200 while the process is alive, uncached', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /readyz', () => {
  it('answers 200 with database and queue ok', async () => {
    const res = await t.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('answers 503 with Retry-After when the database cannot be reached, and /healthz stays 200', async () => {
    // A real connection to a port nothing listens on: the driver gets ECONNREFUSED.
    const pool = createPool('postgres://postgres@127.0.0.1:1/unreachable', 1);
    const db = createDatabase(pool);
    try {
      const app = createApp({ ...t.deps, db });
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ status: 'unavailable', checks: { database: 'down', queue: 'down' } });
      expect((await app.request('/healthz')).status).toBe(200);
    } finally {
      await db.destroy();
    }
  });

  it('answers 503 with Retry-After once shutting down, although database and queue are fine', async () => {
    let shutting = false;
    const app = createApp({ ...t.deps, shuttingDown: () => shutting });
    expect((await app.request('/readyz')).status).toBe(200);
    shutting = true;
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', queue: 'ok' } });
  });

  it('tells kept-alive clients to reconnect (Connection: close) once shutting down, so they leave for another process', async () => {
    let shutting = false;
    const app = createApp({ ...t.deps, shuttingDown: () => shutting });
    expect((await app.request('/api/offices')).headers.get('connection')).toBeNull();
    shutting = true;
    const res = await app.request('/api/offices');
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
  });

  it('answers 503 when the in-process worker has stopped', async () => {
    const app = createApp({ ...t.deps, workerHealthy: () => false });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).checks).toEqual({ database: 'ok', queue: 'down' });
  });
});

type Json = Record<string, any>;

/** Every `$ref` in the document, wherever it sits. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('GET /openapi.json', () => {
  let doc: Json;
  beforeAll(async () => {
    const res = await t.request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = await res.json();
  });

  it('is an OpenAPI 3.1 document with the public paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    for (const p of ['/api/inquiries', '/api/offices', '/api/contacts', '/api/articles', '/api/articles/{slug}', '/healthz', '/readyz']) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    expect(doc.paths['/api/inquiries'].post.responses).toHaveProperty('201');
  });

  it('is well formed: every operation has responses with descriptions, path parameters are declared, every $ref resolves', () => {
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      expect(path.startsWith('/')).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries<Json>(item)) {
        expect(methods, `${path} ${method}`).toContain(method);
        const responses = Object.entries<Json>(op.responses ?? {});
        expect(responses.length, `${method} ${path} has responses`).toBeGreaterThan(0);
        for (const [code, r] of responses) {
          expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect(typeof r.description).toBe('string');
        }
        const pathParams = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
        expect(pathParams.map((p: Json) => p.name).sort()).toEqual([...templated].sort());
        for (const p of pathParams) expect(p.required).toBe(true);
      }
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z0-9_.-]+$/);
      expect(doc.components.schemas, ref).toHaveProperty([ref.split('/').pop()!]);
    }
  });

  it('describes InquiryInput with exactly the public fields, the required ones, and no others', () => {
    const schema = doc.components.schemas.InquiryInput;
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['articleSlug', 'consent', 'country', 'deadline', 'email', 'involvesChildren', 'language', 'message', 'name', 'outlet', 'outletType', 'phone', 'subject', 'topic'].sort(),
    );
    expect([...schema.required].sort()).toEqual(['consent', 'country', 'email', 'message', 'name', 'outlet', 'subject']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.language.enum).toEqual(['en', 'zh', 'ms']);
    expect(doc.paths['/api/inquiries'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/InquiryInput' });
  });
});

describe('GET /docs', () => {
  it('serves HTML whose scripts and styles are our own files (no CDN), and each of them loads', async () => {
    const res = await t.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3); // stylesheet, bundle, init
    for (const url of assets) {
      expect(url, url).toMatch(/^\/(?!\/)/); // same origin: a path, never //host or https://
    }
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    // The page's CSP allows only our origin for scripts, so a CDN could not load anyway.
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*(https?:|\*)/);

    for (const url of assets) {
      const asset = await t.request(url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await asset.text()).length, url).toBeGreaterThan(url.endsWith('init.js') ? 20 : 10_000);
    }
  });

  it('an unknown docs asset → 404, and no path escapes the asset folder', async () => {
    for (const file of ['nope.js', 'package.json', '..%2Fpackage.json', '..%2F..%2Fpackage.json']) {
      const res = await t.request(`/docs/assets/${file}`);
      expect(res.status, file).toBe(404);
    }
  });
});

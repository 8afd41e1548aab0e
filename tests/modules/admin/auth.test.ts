import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/lib/tokens.js';
import { createApiToken } from '../../../src/modules/auth/api-tokens.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { type AdminClient, adminClient, clientFor, expectNothingSaved, expectProblem } from './admin-helpers.js';

// Every admin route needs an admin token. No token or a bad
// one → 401, an integrator's token → 403, and nothing changes either way.

let t: TestContext;
let admin: AdminClient;
let ruleId: string;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  admin = await adminClient(t);
  ruleId = (await t.db.selectFrom('routing_rules').select('id').orderBy('position').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.close();
});

type Call = [method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown];

/** Every admin operation, with a body that an admin could send successfully (`:rule` is a real rule id). */
const ROUTES: Call[] = [
  ['GET', '/api/admin/routing/rules'],
  ['POST', '/api/admin/routing/rules', { name: 'R', conditions: {}, office: 'hq' }],
  ['PATCH', '/api/admin/routing/rules/:rule', { enabled: false }],
  ['DELETE', '/api/admin/routing/rules/:rule'],
  ['POST', '/api/admin/routing/rules/reorder', { ids: [':rule'] }],
  ['POST', '/api/admin/routing/dry-run', { inquiry: { country: 'MY' } }],
  ['POST', '/api/admin/offices', { code: 'new-office', name: 'N', city: 'C', kind: 'country', email: 'n@example.org', timeZone: 'UTC' }],
  ['GET', '/api/admin/offices/malaysia'],
  ['PATCH', '/api/admin/offices/malaysia', { name: 'Renamed' }],
  ['PUT', '/api/admin/offices/malaysia/hours', { hours: [] }],
  ['PUT', '/api/admin/offices/malaysia/holidays', { holidays: [] }],
];

function call(headers: Record<string, string>, [method, path, body]: Call): Promise<Response> {
  const resolve = (s: string) => s.replaceAll(':rule', ruleId);
  return Promise.resolve(
    t.app.request(resolve(path), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: resolve(JSON.stringify(body)) }),
    }),
  );
}

const label = ([m, p]: Call) => `${m} ${p}`;

describe('admin API access', () => {
  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: no token → 401 with WWW-Authenticate; nothing changes', async (_l, route) => {
    const res = await expectNothingSaved(t.db, () => call({}, route));
    await expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: unknown, malformed, revoked or non-Bearer token → 401; nothing changes', async (_l, route) => {
    const revoked = await createApiToken(t.db, 'revoked admin', 'admin');
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('token_hash', '=', sha256(revoked)).execute();
    for (const authorization of [`Bearer pd_${'x'.repeat(43)}`, 'Bearer short', `Bearer ${admin.token}!`, `Basic ${admin.token}`, admin.token, `Bearer ${revoked}`]) {
      const res = await expectNothingSaved(t.db, () => call({ authorization }, route));
      await expectProblem(res, 401, 'unauthorized');
    }
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: an integrator token → 403; nothing changes', async (_l, route) => {
    const integrator = await createApiToken(t.db, 'cms', 'integrator');
    const res = await expectNothingSaved(t.db, () => call({ authorization: `Bearer ${integrator}` }, route));
    const problem = await expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toContain('integrator');
  });

  it('the token is checked before the body: a bad body without a token is 401, not 422', async () => {
    await expectProblem(await call({}, ['POST', '/api/admin/routing/rules', { nonsense: true }]), 401, 'unauthorized');
    await expectProblem(await call({}, ['PATCH', '/api/admin/offices/atlantis', {}]), 401, 'unauthorized');
  });

  it('with the admin token every route above succeeds (the list is real, not a list of 404s)', async () => {
    // In this order the rule is patched, reordered, then deleted last.
    const order = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 3];
    for (const i of order) {
      let route = ROUTES[i]!;
      // A reorder must list every rule, and POST added one.
      if (route[1].endsWith('/reorder')) route = ['POST', route[1], { ids: (await t.db.selectFrom('routing_rules').select('id').orderBy('position').execute()).map((r) => r.id) }];
      const res = await call({ authorization: `Bearer ${admin.token}` }, route);
      expect([200, 201, 204], `${label(route)}: ${await res.clone().text()}`).toContain(res.status);
    }
  });

  it('a text/plain POST with a valid token → 415, nothing saved; GETs change nothing', async () => {
    await expectNothingSaved(t.db, async () => {
      const res = await t.app.request('/api/admin/routing/rules', {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/plain' },
        body: JSON.stringify({ name: 'R', conditions: {}, office: 'hq' }),
      });
      await expectProblem(res, 415, 'unsupported_media_type');
      expect((await admin.get('/api/admin/routing/rules')).status).toBe(200);
      expect((await admin.get('/api/admin/offices/malaysia')).status).toBe(200);
    });
  });

  it('API tokens never reach the logs', async () => {
    const integrator = await createApiToken(t.db, 'cms-log', 'integrator');
    await admin.get('/api/admin/routing/rules');
    await clientFor(t.app, integrator).get('/api/admin/routing/rules');
    await call({ authorization: `Bearer ${admin.token}x` }, ['GET', '/api/admin/routing/rules']);
    const logs = t.logText();
    expect(logs).toContain('/api/admin/routing/rules');
    expect(logs).not.toContain(admin.token);
    expect(logs).not.toContain(integrator);
  });
});

describe('the admin API in /openapi.json', () => {
  it('documents every admin route with the bearer security scheme and its 401/403 problems', async () => {
    const doc = await (await t.request('/openapi.json')).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const documented: string[] = [];
    for (const [path, item] of Object.entries<Record<string, { security?: unknown; responses: Record<string, unknown> }>>(doc.paths)) {
      if (!path.startsWith('/api/admin/')) continue;
      for (const [method, op] of Object.entries(item)) {
        documented.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, (_m, p) => (p === 'id' ? ':rule' : 'malaysia'))}`);
        expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    // The access tests above cover exactly the documented operations.
    expect(documented.sort()).toEqual(ROUTES.map(label).sort());
  });
});

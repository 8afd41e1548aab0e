import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, buildTestContext, type TestContext } from '../../helpers/app.js';
import { api, auditOf, DALE, events, form, formVersion, get, INDRA, JUANA, newInquiry, row, signIn, unique } from './actions-helpers.js';

// Addresses allowed on the reporter's side of an inquiry: a page form and the
// staff API, both through the same use case (version checked, audited, in the history).

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

async function addresses(id: string) {
  return (await t.db.selectFrom('inquiry_reporter_addresses').select(['address', 'added_by']).where('inquiry_id', '=', id).orderBy('address').execute()).map((r) => r.address);
}

describe("who else may write on the reporter's side", () => {
  it('the page adds an address (trimmed, lower-cased), lists it, records the change, and removes it again', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const s = await signIn(t, JUANA);
    let html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(html).toContain(`Only the reporter (${q.reporterEmail}).`);
    const v = formVersion(html);
    const res = await form(t, s, `/desk/inquiries/${q.id}/add-address`, { version: v, address: '  News.Desk@Example.COM ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/desk/inquiries/${q.id}`);
    expect(await addresses(q.id)).toEqual(['news.desk@example.com']);
    expect((await row(t, q.id)).version).toBe(v + 1);
    const added = (await events(t, q.id)).at(-1)!;
    expect(added.kind).toBe('reporter_address_added');
    expect(added.data).toMatchObject({ address: 'news.desk@example.com', actorName: 'Juana Jaafar', version: v + 1 });
    expect((await auditOf(t, q.id)).at(-1)).toMatchObject({ action: 'inquiry.reporter_address_add', actor_id: s.userId, detail: { address: 'news.desk@example.com' } });

    html = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(html).toContain('news.desk@example.com <span class="muted">(added by Juana Jaafar)</span>');
    expect(html).toContain('<strong>Juana Jaafar</strong> allowed news.desk@example.com to write on the reporter&#39;s side by email');

    const removed = await form(t, s, `/desk/inquiries/${q.id}/remove-address`, { version: formVersion(html), address: 'news.desk@example.com' });
    expect(removed.status).toBe(303);
    expect(await addresses(q.id)).toEqual([]);
    expect((await events(t, q.id)).at(-1)).toMatchObject({ kind: 'reporter_address_removed', data: { address: 'news.desk@example.com' } });
    expect((await auditOf(t, q.id)).at(-1)).toMatchObject({ action: 'inquiry.reporter_address_remove' });
  });

  it('refuses what is not one plain address, the reporter\'s own, a repeat, or one not on the list: the page again with the error, nothing changed', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const s = await signIn(t, JUANA);
    let v = formVersion(await (await get(t, s, `/desk/inquiries/${q.id}`)).text());
    expect((await form(t, s, `/desk/inquiries/${q.id}/add-address`, { version: v, address: 'ok@example.com' })).status).toBe(303);
    v += 1;
    const cases: [string, string, RegExp][] = [
      ['add-address', 'not an address', /Address: must be a plain email address/],
      ['add-address', 'a@example.com\r\nBcc: b@example.com', /Address: must be a plain email address/],
      ['add-address', '"Ed" <ed@example.com>', /Address: must be a plain email address/],
      ['add-address', `${'x'.repeat(250)}@example.com`, /Address: must be at most 254 characters/],
      ['add-address', q.reporterEmail.toUpperCase(), /address: is the reporter&#39;s own address/],
      ['add-address', 'OK@example.com', /address: is already allowed/],
      ['remove-address', 'never@example.com', /address: is not on the list/],
    ];
    for (const [action, address, error] of cases) {
      const before = await row(t, q.id);
      const res = await form(t, s, `/desk/inquiries/${q.id}/${action}`, { version: v, address });
      expect(res.status, address).toBe(422);
      const html = await res.text();
      expect(html, address).toMatch(error);
      expect((await row(t, q.id)).version, address).toBe(before.version);
    }
    expect(await addresses(q.id)).toEqual(['ok@example.com']);
    // What was typed comes back in the field, escaped.
    const html = await (await form(t, s, `/desk/inquiries/${q.id}/add-address`, { version: v, address: '<b>x</b>' })).text();
    expect(html).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
  });

  it('the staff API: add and remove with the version; a stale version is 409 and changes nothing; documented in /openapi.json', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const s = await signIn(t, INDRA);
    const { version } = await row(t, q.id);
    const res = await api(t, s, `/api/staff/inquiries/${q.id}/add-address`, { version, address: 'Editor@Example.com' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: q.id, version: version + 1, visible: true });
    const detail = (await (await get(t, s, `/api/staff/inquiries/${q.id}`)).json()) as { reporterAddresses: { address: string; addedBy: string }[] };
    expect(detail.reporterAddresses).toEqual([expect.objectContaining({ address: 'editor@example.com', addedBy: 'Indra Kumari Nadchatram' })]);

    const stale = await api(t, s, `/api/staff/inquiries/${q.id}/remove-address`, { version, address: 'editor@example.com' });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await addresses(q.id)).toEqual(['editor@example.com']);

    const bad = await api(t, s, `/api/staff/inquiries/${q.id}/add-address`, { version: version + 1, address: 'x', extra: 1 });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['address', 'extra']);

    expect((await api(t, s, `/api/staff/inquiries/${q.id}/remove-address`, { version: version + 1, address: 'EDITOR@example.com' })).status).toBe(200);
    expect(await addresses(q.id)).toEqual([]);

    const doc = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, { post?: { security: unknown; requestBody: unknown; responses: Record<string, unknown> } }> };
    for (const path of ['/api/staff/inquiries/{id}/add-address', '/api/staff/inquiries/{id}/remove-address']) {
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(op!.security).toEqual([{ staffSession: [] }]);
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '409', '422']));
    }
  });

  it("another office's officer gets 404 (page and API) and changes nothing; the attempt is audited; without CSRF nothing happens either", async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const own = await signIn(t, JUANA);
    expect((await api(t, own, `/api/staff/inquiries/${q.id}/add-address`, { version: (await row(t, q.id)).version, address: 'kept@example.com' })).status).toBe(200);
    const before = await row(t, q.id);
    const dale = await signIn(t, DALE); // China office lead: cannot see a Malaysia inquiry
    const address = `${unique('in')}@example.com`;
    expect((await form(t, dale, `/desk/inquiries/${q.id}/add-address`, { version: before.version, address })).status).toBe(404);
    expect((await form(t, dale, `/desk/inquiries/${q.id}/remove-address`, { version: before.version, address: 'kept@example.com' })).status).toBe(404);
    expect((await api(t, dale, `/api/staff/inquiries/${q.id}/add-address`, { version: before.version, address })).status).toBe(404);
    expect((await api(t, dale, `/api/staff/inquiries/${q.id}/remove-address`, { version: before.version, address: 'kept@example.com' })).status).toBe(404);
    expect((await auditOf(t, q.id)).filter((a) => a.action === 'access.denied' && a.actor_id === dale.userId)).toHaveLength(4);

    // No CSRF token (form) or header (API): refused before anything runs.
    const noCsrf = await t.request(`/desk/inquiries/${q.id}/add-address`, {
      method: 'POST',
      headers: { cookie: own.cookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ version: String(before.version), address }).toString(),
    });
    expect(noCsrf.status).toBe(403);
    const noHeader = await t.request(`/api/staff/inquiries/${q.id}/add-address`, {
      method: 'POST',
      headers: { cookie: own.cookie, origin: BASE_URL, 'content-type': 'application/json' },
      body: JSON.stringify({ version: before.version, address }),
    });
    expect(noHeader.status).toBe(403);
    // Signed out: 401 on the API.
    expect((await t.postJson(`/api/staff/inquiries/${q.id}/add-address`, { version: before.version, address })).status).toBe(401);

    expect(await addresses(q.id)).toEqual(['kept@example.com']);
    expect((await row(t, q.id)).version).toBe(before.version);
  });
});

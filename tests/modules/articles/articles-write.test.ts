import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { sha256 } from '../../../src/lib/tokens.js';
import { createApiToken } from '../../../src/modules/auth/api-tokens.js';
import { BASE_URL, buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { type AdminClient, clientFor, DALE, expectProblem, INDRA, JUANA } from '../admin/admin-helpers.js';

// The articles API for integrators — create, replace and
// unpublish releases with their contacts, behind a token; HTML sanitised.

let t: TestContext;
let cms: AdminClient; // an integrator token, as a CMS would hold
let admin: AdminClient;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  cms = clientFor(t.app, await createApiToken(t.db, 'cms', 'integrator'));
  admin = clientFor(t.app, await createApiToken(t.db, 'staff admin', 'admin'));
});
afterAll(async () => {
  await t.close();
});

function release(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: 'unicef-welcomes-new-child-protection-law',
    title: 'UNICEF welcomes new child protection law',
    subtitle: 'Parliament passes the bill unanimously',
    dateline: 'KUALA LUMPUR, 30 November 2026',
    language: 'en',
    body: 'The law takes effect in January.\n\nIt covers online abuse.',
    contacts: [INDRA, JUANA],
    links: [{ label: 'The bill', url: 'https://www.parlimen.gov.my/bill' }],
    ...overrides,
  };
}

/** Everything the write API can change: "nothing stored" means none of it moved. */
async function articlesSnapshot() {
  const { rows } = await sql<{ d: string; audit: number }>`
    select md5(concat_ws('|',
      (select string_agg(a::text, ',' order by a.id) from articles a),
      (select string_agg(c::text, ',' order by c.article_id, c.contact_id) from article_contacts c),
      (select string_agg(l::text, ',' order by l.article_id, l.position) from article_links l))) as d,
      (select count(*) from audit_log)::int as audit`.execute(t.db);
  return rows[0]!;
}

async function expectNothingStored(act: () => Promise<Response>): Promise<Response> {
  const before = await articlesSnapshot();
  const res = await act();
  expect(await articlesSnapshot()).toEqual(before);
  return res;
}

async function auditFor(slug: string) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_type', '=', 'article')
    .where(sql<boolean>`detail->>'slug' = ${slug}`)
    .orderBy('id')
    .execute();
}

const slugsListed = async () => ((await (await t.request('/api/articles')).json()).articles as { slug: string }[]).map((a) => a.slug);

describe('access', () => {
  const calls: [string, (headers: Record<string, string>) => Promise<Response>][] = [
    ['POST /api/articles', (h) => t.postJson('/api/articles', release({ slug: 'access-check' }), h)],
    [
      'PUT /api/articles/{slug}',
      (h) => t.request(`/api/articles/${DEMO_ARTICLE_SLUG}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(release({ slug: undefined })) }),
    ],
    ['DELETE /api/articles/{slug}', (h) => t.request(`/api/articles/${DEMO_ARTICLE_SLUG}`, { method: 'DELETE', headers: h })],
  ];

  it.each(calls)('%s without a token → 401 with WWW-Authenticate; nothing stored', async (_label, call) => {
    const res = await expectNothingStored(() => call({}));
    await expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it.each(calls)('%s with an unknown, malformed or revoked token → 401; nothing stored', async (_label, call) => {
    const revoked = await createApiToken(t.db, 'old cms', 'integrator');
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('token_hash', '=', sha256(revoked)).execute();
    for (const authorization of [`Bearer pd_${'x'.repeat(43)}`, 'Bearer short', `Basic ${cms.token}`, cms.token, `Bearer ${revoked}`]) {
      await expectProblem(await expectNothingStored(() => call({ authorization })), 401, 'unauthorized');
    }
  });

  it('the token is checked before the body: a bad body without a token is 401, not 422', async () => {
    await expectProblem(await t.postJson('/api/articles', { nonsense: true }), 401, 'unauthorized');
  });

  it('reading stays public: GET /api/articles and /api/articles/{slug} need no token', async () => {
    expect((await t.request('/api/articles')).status).toBe(200);
    expect((await t.request(`/api/articles/${DEMO_ARTICLE_SLUG}`)).status).toBe(200);
  });

  it('an admin token may write too (staff use the same API)', async () => {
    const res = await admin.send('POST', '/api/articles', release({ slug: 'written-by-an-admin-token' }));
    expect(res.status).toBe(201);
  });
});

describe('POST /api/articles', () => {
  it('creates a release: 201 with the stored article; GET shows it and the list includes it; audited with the token', async () => {
    const res = await cms.send('POST', '/api/articles', release());
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toEqual({
      slug: 'unicef-welcomes-new-child-protection-law',
      title: 'UNICEF welcomes new child protection law',
      subtitle: 'Parliament passes the bill unanimously',
      dateline: 'KUALA LUMPUR, 30 November 2026',
      language: 'en',
      publishedAt: new Date(TEST_NOW).toISOString(),
      published: true,
      url: `${BASE_URL}/news/unicef-welcomes-new-child-protection-law`,
      body: 'The law takes effect in January.\n\nIt covers online abuse.',
      bodyHtml: null,
      contacts: [
        {
          name: 'Indra Kumari Nadchatram',
          title: 'UNICEF Media Malaysia',
          email: INDRA,
          phone: '+6012 292 6872',
          office: { code: 'malaysia', name: 'UNICEF Media Malaysia' },
        },
        expect.objectContaining({ name: 'Juana Jaafar', email: JUANA }),
      ],
      links: [{ label: 'The bill', url: 'https://www.parlimen.gov.my/bill' }],
    });

    const got = await t.request('/api/articles/unicef-welcomes-new-child-protection-law');
    expect(got.status).toBe(200);
    const { published: _published, ...asRead } = created;
    expect(await got.json()).toEqual(asRead);
    expect(await slugsListed()).toContain('unicef-welcomes-new-child-protection-law');

    const entries = await auditFor('unicef-welcomes-new-child-protection-law');
    expect(entries).toHaveLength(1);
    const tokenId = (await t.db.selectFrom('api_tokens').select('id').where('token_hash', '=', sha256(cms.token)).executeTakeFirstOrThrow()).id;
    expect(entries[0]).toMatchObject({ action: 'article.create', actor_id: null, target_type: 'article', detail: expect.objectContaining({ tokenId }) });
    expect(entries[0]!.at.toISOString()).toBe(new Date(TEST_NOW).toISOString());
  });

  it('matches contacts by email without regard to case, in the order sent; language and subtitle are optional', async () => {
    const res = await cms.send('POST', '/api/articles', release({ slug: 'contacts-in-order', contacts: [JUANA.toUpperCase(), DALE], subtitle: undefined, language: undefined }));
    expect(res.status).toBe(201);
    const a = await res.json();
    expect(a.contacts.map((c: { email: string }) => c.email)).toEqual([JUANA, DALE]);
    expect(a.subtitle).toBeNull();
    expect(a.language).toBe('en');
  });

  it('a future publishedAt is an embargo: stored, not published, 404 and unlisted until the clock reaches it', async () => {
    const res = await cms.send('POST', '/api/articles', release({ slug: 'embargoed-until-tomorrow', publishedAt: '2026-12-01T10:00:00+08:00' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ publishedAt: '2026-12-01T02:00:00.000Z', published: false });
    await expectProblem(await t.request('/api/articles/embargoed-until-tomorrow'), 404, 'not_found');
    expect(await slugsListed()).not.toContain('embargoed-until-tomorrow');
  });

  it('published: false stores a draft with no publication time; readers cannot see it', async () => {
    const res = await cms.send('POST', '/api/articles', release({ slug: 'a-draft-release', published: false }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ publishedAt: null, published: false });
    await expectProblem(await t.request('/api/articles/a-draft-release'), 404, 'not_found');
    expect(await slugsListed()).not.toContain('a-draft-release');
  });

  it('an HTML body is sanitised before it is stored, and the plain-text body is derived from it', async () => {
    const bodyHtml =
      '<p>Governments <strong>agreed</strong>.</p><script>alert(1)</script><img src=x onerror=alert(1)>' +
      '<p style="color:red" onclick="steal()">Read <a href="javascript:alert(1)">this</a> and <a href="https://www.unicef.org/eap/">UNICEF</a>.</p>' +
      '<iframe src="https://evil.example"></iframe><ul><li>One</li><li>Two</li></ul>';
    const res = await cms.send('POST', '/api/articles', release({ slug: 'html-release', body: undefined, bodyHtml }));
    expect(res.status).toBe(201);
    const a = await res.json();
    expect(a.bodyHtml).toBe(
      '<p>Governments <strong>agreed</strong>.</p><p>Read <a>this</a> and <a href="https://www.unicef.org/eap/" rel="noopener noreferrer nofollow">UNICEF</a>.</p><ul><li>One</li><li>Two</li></ul>',
    );
    expect(a.body).toBe('Governments agreed.\n\nRead this and UNICEF (https://www.unicef.org/eap/).\n\n• One\n• Two');
    const stored = await t.db.selectFrom('articles').select(['body', 'body_html']).where('slug', '=', 'html-release').executeTakeFirstOrThrow();
    expect(stored).toEqual({ body: a.body, body_html: a.bodyHtml });
    expect((await (await t.request('/api/articles/html-release')).json()).bodyHtml).toBe(a.bodyHtml);
  });

  it('a duplicate slug → 409 problem and the first article is unchanged, also when the first is unpublished', async () => {
    expect((await cms.send('POST', '/api/articles', release({ slug: 'taken-slug' }))).status).toBe(201);
    const again = await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'taken-slug', title: 'Another' })));
    const problem = await expectProblem(again, 409, 'conflict');
    expect(problem.detail).toContain('PUT /api/articles/taken-slug');
    expect((await (await t.request('/api/articles/taken-slug')).json()).title).toBe('UNICEF welcomes new child protection law');

    expect((await cms.del('/api/articles/taken-slug')).status).toBe(200);
    await expectProblem(await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'taken-slug' }))), 409, 'conflict');
    await expectProblem(await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: DEMO_ARTICLE_SLUG }))), 409, 'conflict');
  });

  it('two creates with the same slug at once: one 201, one 409, one row', async () => {
    const results = await Promise.all([1, 2].map((n) => cms.send('POST', '/api/articles', release({ slug: 'raced-slug', title: `Race ${n}` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    await expectProblem(results.find((r) => r.status === 409)!, 409, 'conflict');
    const rows = await t.db.selectFrom('articles').select('id').where('slug', '=', 'raced-slug').execute();
    expect(rows).toHaveLength(1);
    expect(await auditFor('raced-slug')).toHaveLength(1);
  });

  it.each([
    ['slug', { slug: 'Not A Slug' }],
    ['slug', { slug: 'trailing-' }],
    ['slug', { slug: 'a'.repeat(201) }],
    ['slug', { slug: undefined }],
    ['title', { title: '' }],
    ['title', { title: 'Two\r\nlines' }],
    ['title', { title: 'Bell\u0007' }],
    ['title', { title: 'x'.repeat(301) }],
    ['title', { title: 42 }],
    ['dateline', { dateline: undefined }],
    ['language', { language: 'fr' }],
    ['body', { body: undefined }],
    ['body', { body: '   \n\n  ' }],
    ['body', { body: 'NUL \u0000 inside' }],
    ['bodyHtml', { bodyHtml: '<p>both</p>' }],
    ['bodyHtml', { body: undefined, bodyHtml: '<script>alert(1)</script><img src=x onerror=alert(1)>' }],
    ['publishedAt', { publishedAt: '2026-12-01T10:00:00' }],
    ['publishedAt', { publishedAt: 'tomorrow' }],
    ['publishedAt', { published: false, publishedAt: '2026-12-01T10:00:00Z' }],
    ['links.0.url', { links: [{ label: 'x', url: 'javascript:alert(1)' }] }],
    ['links.0.url', { links: [{ label: 'x', url: 'data:text/html,<script>alert(1)</script>' }] }],
    ['links.0.url', { links: [{ label: 'x', url: 'ftp://example.org/file' }] }],
    ['links.0.url', { links: [{ label: 'x', url: '/relative' }] }],
    ['links.0.label', { links: [{ label: '', url: 'https://example.org' }] }],
    ['links.0.target', { links: [{ label: 'x', url: 'https://example.org', target: '_blank' }] }],
    ['contacts', { contacts: 'indra.nadchatram@example.org' }],
    ['author', { author: 'someone' }],
  ])('an invalid %s → 422 naming it; nothing stored', async (field, overrides) => {
    const res = await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'invalid-fields', ...overrides })));
    await expectProblem(res, 422, 'validation_failed', [field]);
  });

  it('several invalid fields → one 422 with an error for each', async () => {
    const res = await expectNothingStored(() =>
      cms.send('POST', '/api/articles', release({ slug: 'Bad Slug', title: '', language: 'de', links: [{ label: 'x', url: 'javascript:x' }] })),
    );
    await expectProblem(res, 422, 'validation_failed', ['slug', 'title', 'language', 'links.0.url']);
  });

  it('an unknown, inactive or repeated contact → 422 naming the entry and the address; nothing stored', async () => {
    const office = await t.db.selectFrom('offices').select('id').where('code', '=', 'malaysia').executeTakeFirstOrThrow();
    await t.db.insertInto('contacts').values({ office_id: office.id, name: 'Former Officer', title: 'Retired', email: 'former.officer@example.org', active: false }).execute();

    const unknown = await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'bad-contacts', contacts: [INDRA, 'nobody@example.org'] })));
    const p1 = await expectProblem(unknown, 422, 'validation_failed', ['contacts.1']);
    expect(p1.errors![0]!.pointer).toBe('#/contacts/1');
    expect(p1.errors![0]!.detail).toContain('nobody@example.org');

    const inactive = await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'bad-contacts', contacts: ['former.officer@example.org'] })));
    expect((await expectProblem(inactive, 422, 'validation_failed', ['contacts.0'])).errors![0]!.detail).toContain('Former Officer');

    const twice = await expectNothingStored(() => cms.send('POST', '/api/articles', release({ slug: 'bad-contacts', contacts: [INDRA, INDRA.toUpperCase()] })));
    await expectProblem(twice, 422, 'validation_failed', ['contacts.1']);
  });

  it('a body that is not JSON → 415/400 problem; nothing stored', async () => {
    const notJson = await expectNothingStored(() =>
      Promise.resolve(t.app.request('/api/articles', { method: 'POST', headers: { authorization: `Bearer ${cms.token}`, 'content-type': 'text/html' }, body: '<p>x</p>' })),
    );
    await expectProblem(notJson, 415, 'unsupported_media_type');
    await expectProblem(await expectNothingStored(() => cms.send('POST', '/api/articles', '{"slug":')), 400, 'bad_request');
  });
});

describe('PUT /api/articles/{slug}', () => {
  it('replaces every editable field; the publication time is kept; audited with what changed', async () => {
    expect((await cms.send('POST', '/api/articles', release({ slug: 'to-be-edited', publishedAt: '2026-11-29T09:00:00+08:00' }))).status).toBe(201);
    const res = await cms.send('PUT', '/api/articles/to-be-edited', {
      title: 'Corrected title',
      dateline: 'KUALA LUMPUR, 29 November 2026',
      language: 'ms',
      bodyHtml: '<p>Teks <em>baharu</em>.</p><p><a href="data:text/html,x">pautan</a></p>',
      contacts: [DALE],
      links: [],
    });
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a).toMatchObject({
      slug: 'to-be-edited',
      title: 'Corrected title',
      subtitle: null,
      dateline: 'KUALA LUMPUR, 29 November 2026',
      language: 'ms',
      publishedAt: '2026-11-29T01:00:00.000Z',
      published: true,
      body: 'Teks baharu.\n\npautan',
      bodyHtml: '<p>Teks <em>baharu</em>.</p><p><a>pautan</a></p>',
      links: [],
    });
    expect(a.contacts.map((c: { email: string }) => c.email)).toEqual([DALE]);
    const { published: _p, ...asRead } = a;
    expect(await (await t.request('/api/articles/to-be-edited')).json()).toEqual(asRead);

    const entries = await auditFor('to-be-edited');
    expect(entries.map((e) => e.action)).toEqual(['article.create', 'article.update']);
    expect((entries[1]!.detail as { changed: string[] }).changed.sort()).toEqual(['body', 'bodyHtml', 'contacts', 'dateline', 'language', 'links', 'subtitle', 'title']);
  });

  it('an unknown slug → 404; nothing stored (PUT does not create)', async () => {
    const res = await expectNothingStored(() => cms.send('PUT', '/api/articles/no-such-release', release({ slug: undefined })));
    await expectProblem(res, 404, 'not_found');
  });

  it('invalid fields → 422 and the article is unchanged; the slug cannot be changed through the body', async () => {
    expect((await cms.send('POST', '/api/articles', release({ slug: 'edit-refused' }))).status).toBe(201);
    const bad = await expectNothingStored(() => cms.send('PUT', '/api/articles/edit-refused', release({ slug: 'renamed', title: 'a\nb', contacts: ['ghost@example.org'] })));
    // The schema's errors come first; contacts are checked against the directory once the fields are valid.
    await expectProblem(bad, 422, 'validation_failed', ['slug', 'title']);
    const ghost = await expectNothingStored(() => cms.send('PUT', '/api/articles/edit-refused', release({ slug: undefined, contacts: ['ghost@example.org'] })));
    await expectProblem(ghost, 422, 'validation_failed', ['contacts.0']);
  });
});

describe('DELETE /api/articles/{slug} (unpublish)', () => {
  it('unpublishes but keeps the row: GET 404, gone from the list, audited once; repeating changes nothing; PUT republishes', async () => {
    expect((await cms.send('POST', '/api/articles', release({ slug: 'to-be-withdrawn' }))).status).toBe(201);
    const res = await cms.del('/api/articles/to-be-withdrawn');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: 'to-be-withdrawn', publishedAt: null, published: false, contacts: [expect.objectContaining({ email: INDRA }), expect.anything()] });
    await expectProblem(await t.request('/api/articles/to-be-withdrawn'), 404, 'not_found');
    expect(await slugsListed()).not.toContain('to-be-withdrawn');
    expect(await t.db.selectFrom('articles').select('published_at').where('slug', '=', 'to-be-withdrawn').executeTakeFirstOrThrow()).toEqual({ published_at: null });

    const again = await expectNothingStored(() => cms.del('/api/articles/to-be-withdrawn'));
    expect(again.status).toBe(200);
    expect((await auditFor('to-be-withdrawn')).map((e) => e.action)).toEqual(['article.create', 'article.unpublish']);

    // Republish: a PUT without publishedAt publishes it now.
    const back = await cms.send('PUT', '/api/articles/to-be-withdrawn', release({ slug: undefined }));
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ publishedAt: new Date(TEST_NOW).toISOString(), published: true });
    expect((await t.request('/api/articles/to-be-withdrawn')).status).toBe(200);
    expect(await slugsListed()).toContain('to-be-withdrawn');
  });

  it('an unknown slug → 404; an invalid one → 422', async () => {
    await expectProblem(await cms.del('/api/articles/no-such-release'), 404, 'not_found');
    await expectProblem(await cms.del('/api/articles/Not_A_Slug'), 422, 'validation_failed', ['slug']);
  });
});

describe('OpenAPI', () => {
  it('documents the write routes with bearer security and their bodies; reading stays without security', async () => {
    const doc = await (await t.request('/openapi.json')).json();
    expect(doc.paths['/api/articles'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/articles/{slug}'].put.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/articles/{slug}'].delete.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/articles'].get.security).toBeUndefined();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths['/api/articles'].post.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422']);
    const input = doc.components.schemas.ArticleInput;
    expect(input.required).toEqual(expect.arrayContaining(['slug', 'title', 'dateline']));
    expect(Object.keys(input.properties)).toEqual(expect.arrayContaining(['body', 'bodyHtml', 'contacts', 'links', 'publishedAt', 'published']));
    // GET's Article extends ArticleSummary (allOf) and now carries bodyHtml.
    const article = doc.components.schemas.Article;
    const props = Object.assign({}, article.properties, ...(article.allOf ?? []).map((s: { properties?: object }) => s.properties ?? {}));
    expect(props.bodyHtml).toMatchObject({ type: ['string', 'null'] });
  });
});

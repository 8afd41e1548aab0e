import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { BASE_URL, buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

async function insertArticle(slug: string, publishedAt: Date | null) {
  await t.db
    .insertInto('articles')
    .values({ slug, title: `Title of ${slug}`, dateline: 'BANGKOK, 1 December 2026', body: 'Embargoed text.', published_at: publishedAt })
    .execute();
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json();
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
  return body;
}

describe('GET /api/articles', () => {
  it('lists the demo release with its slug, title, dateline and public URL', async () => {
    const res = await t.request('/api/articles');
    expect(res.status).toBe(200);
    const { articles } = await res.json();
    const demo = articles.find((a: { slug: string }) => a.slug === DEMO_ARTICLE_SLUG);
    expect(demo).toEqual({
      slug: DEMO_ARTICLE_SLUG,
      title: 'Asia-Pacific governments commit to increase cooperation for child rights',
      subtitle: expect.stringContaining('Beijing Declaration'),
      dateline: 'BEIJING, 6 November 2010',
      language: 'en',
      publishedAt: '2010-11-06T00:00:00.000Z',
      url: `${BASE_URL}/news/${DEMO_ARTICLE_SLUG}`,
    });
  });

  it('does not list a draft (no published_at) or a release scheduled after the clock', async () => {
    await insertArticle('list-draft-release', null);
    await insertArticle('list-scheduled-release', new Date(new Date(TEST_NOW).getTime() + 60_000));
    await insertArticle('list-published-release', new Date(new Date(TEST_NOW).getTime() - 60_000));
    const slugs = (await (await t.request('/api/articles')).json()).articles.map((a: { slug: string }) => a.slug);
    expect(slugs).toContain('list-published-release');
    expect(slugs).not.toContain('list-draft-release');
    expect(slugs).not.toContain('list-scheduled-release');
    // Newest first: the one published a minute ago comes before the 2010 release.
    expect(slugs.indexOf('list-published-release')).toBeLessThan(slugs.indexOf(DEMO_ARTICLE_SLUG));
  });
});

describe('GET /api/articles/{slug}', () => {
  it('returns the release with body, dateline, its contacts in the release order, and links', async () => {
    const res = await t.request(`/api/articles/${DEMO_ARTICLE_SLUG}`);
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a.slug).toBe(DEMO_ARTICLE_SLUG);
    expect(a.dateline).toBe('BEIJING, 6 November 2010');
    expect(a.body).toMatch(/^Governments from 28 countries across Asia and the Pacific/);
    expect(a.body).toContain('\n\nUnderstanding disparities\n\n');
    expect(a.contacts.map((c: { name: string }) => c.name)).toEqual(['Dale Rutstein', 'Indra Kumari Nadchatram', 'Juana Jaafar']);
    expect(a.contacts[0]).toEqual({
      name: 'Dale Rutstein',
      title: 'UNICEF Media China',
      email: 'dale.rutstein@example.org',
      phone: '+86 139 1097 3801',
      office: { code: 'china', name: 'UNICEF Media China' },
    });
    expect(a.contacts[2].office.code).toBe('malaysia');
    expect(a.links).toEqual([
      { label: 'Convention on the Rights of the Child', url: 'https://www.unicef.org/child-rights-convention' },
      { label: 'UNICEF East Asia and Pacific', url: 'https://www.unicef.org/eap/' },
    ]);
  });

  it('an unknown slug → 404 problem+json', async () => {
    const body = await expectProblem(await t.request('/api/articles/no-such-release'), 404);
    expect(body.code).toBe('not_found');
  });

  it('a draft (published_at null) → 404, the same as an unknown slug', async () => {
    await insertArticle('draft-release', null);
    await expectProblem(await t.request('/api/articles/draft-release'), 404);
  });

  it('a release scheduled after the clock → 404 until the clock reaches it', async () => {
    const publishAt = new Date(new Date(TEST_NOW).getTime() + 3_600_000);
    await insertArticle('embargoed-release', publishAt);
    await expectProblem(await t.request('/api/articles/embargoed-release'), 404);

    // Once the clock passes the embargo the same row is served: the 404 was about time.
    t.clock.set(new Date(publishAt.getTime() + 1));
    try {
      const res = await t.request('/api/articles/embargoed-release');
      expect(res.status).toBe(200);
      expect((await res.json()).slug).toBe('embargoed-release');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it.each([
    ['path traversal', '..%2Fetc'],
    ['dot segments', '..'],
    ['upper case', 'Asia-Pacific-Governments-Commit-To-Child-Rights'],
    ['underscores', 'asia_pacific'],
    ['trailing hyphen', 'asia-'],
    ['too long', 'a'.repeat(201)],
  ])('an invalid slug (%s) → 404 or 422 problem+json', async (_label, slug) => {
    const res = await t.request(`/api/articles/${slug}`);
    expect([404, 422]).toContain(res.status);
    await expectProblem(res, res.status);
  });

  it('an invalid slug such as ../etc never reaches a file or another route', async () => {
    const res = await t.request('/api/articles/../etc');
    // The URL parser resolves the dot segment to /api/etc, which is no route: a problem, never 200.
    expect([404, 422]).toContain(res.status);
    await expectProblem(res, res.status);
  });
});

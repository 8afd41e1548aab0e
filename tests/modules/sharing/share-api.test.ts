import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../../src/modules/auth/api-tokens.js';
import type { TestContext } from '../../helpers/app.js';
import { expectProblem } from '../inquiries/problem-assertions.js';
import {
  addr,
  clientIp,
  DEMO_ARTICLE_SLUG,
  expiredAltcha,
  outboxCounts,
  postShare,
  shareBody,
  shareContext,
  solvedAltcha,
  unpublishedArticle,
} from './share-helpers.js';

// POST /api/articles/{slug}/share: what is refused, and that a refusal leaves
// nothing behind (no share row, no outbox row, no job).

let t: TestContext;
beforeAll(async () => {
  t = await shareContext();
});
afterAll(async () => {
  await t.close();
});

async function expectNothingQueued(act: () => Promise<Response>): Promise<Response> {
  const before = await outboxCounts(t);
  const res = await act();
  expect(await outboxCounts(t)).toEqual(before);
  return res;
}

describe('GET /api/altcha/challenge', () => {
  it('serves a signed, expiring PBKDF2 challenge that is never cached', async () => {
    const res = await t.request('/api/altcha/challenge');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { parameters: Record<string, unknown>; signature: string };
    expect(body.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(body.signature).toMatch(/^[0-9a-f]{64}$/);
    const expiresAt = body.parameters.expiresAt as number;
    const minutes = (expiresAt * 1000 - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
  });
});

describe('POST /api/articles/{slug}/share', () => {
  it('a valid share → 202 { accepted } and one outbox message per recipient', async () => {
    const recipients = [addr('a'), addr('b'), addr('c')];
    const before = await outboxCounts(t);
    const res = await postShare(t, shareBody({ recipients }));
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await res.json()).toEqual({ accepted: 3 });
    const after = await outboxCounts(t);
    expect(after.emails - before.emails).toBe(3);
    expect(after.shares - before.shares).toBe(1);
    expect(after.recipients - before.recipients).toBe(3);
  });

  it('duplicate recipients (any letter case) are collapsed into one message', async () => {
    const one = addr('dup');
    const before = await outboxCounts(t);
    const res = await postShare(t, shareBody({ recipients: [one, one.toUpperCase(), one] }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect((await outboxCounts(t)).emails - before.emails).toBe(1);
  });

  it('only known published articles: an unknown slug → 404, nothing recorded', async () => {
    const res = await expectNothingQueued(() => postShare(t, shareBody(), { slug: 'no-such-release' }));
    await expectProblem(res, 404, 'not_found');
  });

  it('only known published articles: a draft or a future release → 404, nothing recorded', async () => {
    for (const slug of [await unpublishedArticle(t), await unpublishedArticle(t, new Date('2027-01-01T00:00:00Z'))]) {
      const res = await expectNothingQueued(() => postShare(t, shareBody(), { slug }));
      await expectProblem(res, 404, 'not_found');
    }
  });

  it('more than 5 recipients → 422, nothing sent', async () => {
    const recipients = Array.from({ length: 6 }, () => addr('many'));
    const res = await expectNothingQueued(() => postShare(t, shareBody({ recipients })));
    const problem = await expectProblem(res, 422, 'validation_failed', ['recipients']);
    expect(problem.errors![0]!.detail).toMatch(/at most five/i);
  });

  it('no recipients → 422', async () => {
    const res = await expectNothingQueued(() => postShare(t, shareBody({ recipients: [] })));
    await expectProblem(res, 422, 'validation_failed', ['recipients']);
  });

  it('a note over 500 characters → 422, nothing sent; exactly 500 is fine', async () => {
    const res = await expectNothingQueued(() => postShare(t, shareBody({ note: 'x'.repeat(501) })));
    await expectProblem(res, 422, 'validation_failed', ['note']);
    expect((await postShare(t, shareBody({ note: '字'.repeat(500) }))).status).toBe(202);
  });

  it('CR/LF in the sender name → 422 (never folded into a header)', async () => {
    for (const senderName of ['Mei\r\nBcc: victim@example.com', 'Mei\nLing', 'Mei\rLing', 'Mei\u0000']) {
      const res = await expectNothingQueued(() => postShare(t, shareBody({ senderName })));
      await expectProblem(res, 422, 'validation_failed', ['senderName']);
    }
  });

  it('a sender name with a link or an email address → 422', async () => {
    for (const senderName of ['Win at https://spam.example', 'www.cheap.example', 'cheap-pills.com', 'mei@example.com', 'x'.repeat(101), '   ']) {
      const res = await expectNothingQueued(() => postShare(t, shareBody({ senderName })));
      await expectProblem(res, 422, 'validation_failed', ['senderName']);
    }
  });

  it('recipient and sender addresses are validated strictly (no CR/LF, comments, groups, quoted local parts, display names)', async () => {
    const bad = [
      'a@example.com\r\nBcc: b@example.com',
      '"quoted"@example.com',
      'a(comment)@example.com',
      'group: a@example.com;',
      'Friend <a@example.com>',
      'a@example.com, b@example.com',
      'not-an-address',
    ];
    for (const one of bad) {
      const res = await expectNothingQueued(() => postShare(t, shareBody({ recipients: [one] })));
      await expectProblem(res, 422, 'validation_failed', ['recipients.0']);
      const res2 = await expectNothingQueued(() => postShare(t, shareBody({ senderEmail: one })));
      await expectProblem(res2, 422, 'validation_failed', ['senderEmail']);
    }
  });

  it('the sender email is required, the language must be ours, unknown fields are refused', async () => {
    const { senderEmail: _, ...noSender } = shareBody();
    await expectProblem(await expectNothingQueued(() => postShare(t, noSender)), 422, 'validation_failed', ['senderEmail']);
    await expectProblem(await expectNothingQueued(() => postShare(t, shareBody({ language: 'fr' }))), 422, 'validation_failed', ['language']);
    await expectProblem(await expectNothingQueued(() => postShare(t, shareBody({ html: '<b>x</b>' }))), 422, 'validation_failed', ['html']);
  });
});

describe('the proof of work (altcha)', () => {
  it('a missing altcha → 422, nothing sent', async () => {
    const res = await expectNothingQueued(() => postShare(t, shareBody(), { altcha: false }));
    await expectProblem(res, 422, 'validation_failed', ['altcha']);
  });

  it('an invalid altcha (garbage, tampered parameters, wrong solution, another key) → 403, nothing sent', async () => {
    const good = await solvedAltcha(t);
    const decoded = JSON.parse(Buffer.from(good, 'base64').toString()) as {
      challenge: { parameters: Record<string, unknown>; signature: string };
      solution: { counter: number; derivedKey: string };
    };
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
    const tampered = encode({ ...decoded, challenge: { ...decoded.challenge, parameters: { ...decoded.challenge.parameters, cost: 1 } } });
    const wrongKey = encode({ ...decoded, solution: { ...decoded.solution, derivedKey: '00'.repeat(32) } });
    const unsigned = encode({ challenge: { parameters: decoded.challenge.parameters }, solution: decoded.solution });
    for (const altcha of ['not base64 at all!', Buffer.from('{"x":1}').toString('base64'), tampered, wrongKey, unsigned]) {
      const res = await expectNothingQueued(() => postShare(t, shareBody({ altcha })));
      await expectProblem(res, 403, 'forbidden');
    }
    // A challenge signed with another key.
    const other = await shareContext({ ALTCHA_HMAC_KEY: 'another-key-for-another-service-xxxxxx' });
    try {
      const foreign = await solvedAltcha(other);
      await expectProblem(await expectNothingQueued(() => postShare(t, shareBody({ altcha: foreign }))), 403, 'forbidden');
    } finally {
      await other.close();
    }
  });

  it('an expired altcha → 403, nothing sent', async () => {
    const altcha = await expiredAltcha(t);
    const res = await expectNothingQueued(() => postShare(t, shareBody({ altcha })));
    const problem = await expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toMatch(/expired/);
  });

  it('a solution used again with another body (other recipients) → 403 the second time, nothing sent', async () => {
    const altcha = await solvedAltcha(t);
    expect((await postShare(t, shareBody({ altcha }))).status).toBe(202);
    const res = await expectNothingQueued(() => postShare(t, shareBody({ altcha })));
    const problem = await expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toMatch(/already been used/);
  });

  it('the same solution sent twice at once with different bodies is accepted once', async () => {
    const altcha = await solvedAltcha(t);
    const results = await Promise.all([postShare(t, shareBody({ altcha })), postShare(t, shareBody({ altcha }))]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 403]);
  });

  it('an integrator token bypasses altcha (and an admin token too); a bad token is 401', async () => {
    const integrator = await createApiToken(t.db, 'cms', 'integrator');
    const admin = await createApiToken(t.db, 'ops', 'admin');
    for (const token of [integrator, admin]) {
      const res = await postShare(t, shareBody(), { altcha: false, headers: { authorization: `Bearer ${token}` } });
      expect(res.status, await res.clone().text()).toBe(202);
    }
    const res = await expectNothingQueued(() =>
      postShare(t, shareBody(), { altcha: false, headers: { authorization: 'Bearer pd_not-a-real-token-at-all' } }),
    );
    await expectProblem(res, 401, 'unauthorized');
  });

  it('without a token the challenge key comes from the database, shared by every process', async () => {
    const a = await shareContext({ ALTCHA_HMAC_KEY: '' });
    try {
      expect(a.config.ALTCHA_HMAC_KEY).toBeUndefined();
      const altcha = await solvedAltcha(a);
      const row = await a.db.selectFrom('share_secrets').select('value').where('name', '=', 'altcha-hmac-key').executeTakeFirstOrThrow();
      expect(row.value.length).toBeGreaterThanOrEqual(32);
      // A second "process": another app with its own connection pool to the same database accepts the first one's challenge.
      const { createApp } = await import('../../../src/app.js');
      const { createDatabase, createPool } = await import('../../../src/db/database.js');
      const pool = createPool(a.tdb.url, 2);
      const second = createApp({ ...a.deps, db: createDatabase(pool) });
      const res = await second.request(`/api/articles/${DEMO_ARTICLE_SLUG}/share`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': clientIp() },
        body: JSON.stringify(shareBody({ altcha })),
      });
      expect(res.status, await res.clone().text()).toBe(202);
      await pool.end();
    } finally {
      await a.close();
    }
  });

  it('used solutions are forgotten by the purge job once expired', async () => {
    const { purgeExpiredSolutions } = await import('../../../src/modules/sharing/share.altcha.js');
    await t.db.insertInto('altcha_solutions').values([
      { challenge_id: 'old'.padEnd(64, '0'), expires_at: new Date(Date.now() - 1000) },
      { challenge_id: 'new'.padEnd(64, '0'), expires_at: new Date(Date.now() + 600_000) },
    ]).execute();
    await purgeExpiredSolutions(t.db);
    const left = (await t.db.selectFrom('altcha_solutions').select('challenge_id').execute()).map((r) => r.challenge_id);
    expect(left).not.toContain('old'.padEnd(64, '0'));
    expect(left).toContain('new'.padEnd(64, '0'));
  });
});

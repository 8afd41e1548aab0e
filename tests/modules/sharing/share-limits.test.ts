import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../../src/modules/auth/api-tokens.js';
import type { TestContext } from '../../helpers/app.js';
import { expectProblem } from '../inquiries/problem-assertions.js';
import { addr, clientIp, outboxCounts, postShare, shareBody, shareContext } from './share-helpers.js';

// Daily limits (SHARE_TEST_ENV: 8 messages per client address, 6 per sender,
// 2 per recipient), kept in Postgres. Over any of them: 429 with Retry-After,
// and nothing is sent or recorded for that request.

let t: TestContext;
beforeAll(async () => {
  t = await shareContext();
});
afterAll(async () => {
  await t.close();
});

async function expectOk(res: Response) {
  expect(res.status, await res.clone().text()).toBe(202);
}

/** The request is refused with 429 + Retry-After, and after running every job nothing more was queued or delivered. */
async function expectLimited(act: () => Promise<Response>) {
  await t.runJobs();
  const before = await outboxCounts(t);
  const delivered = t.smtp!.received.length;
  const res = await act();
  const problem = await expectProblem(res, 429, 'rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
  expect(problem.detail).toContain(String(retryAfter));
  await t.runJobs();
  expect(await outboxCounts(t)).toEqual(before);
  expect(t.smtp!.received.length).toBe(delivered);
}

describe('daily limits for "Email this article"', () => {
  it('over the per-address limit → 429 with Retry-After and nothing sent (outbox counts unchanged)', async () => {
    const ip = clientIp();
    const many = (n: number) => Array.from({ length: n }, () => addr('pa'));
    await expectOk(await postShare(t, shareBody({ recipients: many(5) }), { ip }));
    await expectOk(await postShare(t, shareBody({ recipients: many(3) }), { ip }));
    await expectLimited(() => postShare(t, shareBody({ recipients: many(1) }), { ip }));
    // Another address is not affected.
    await expectOk(await postShare(t, shareBody({ recipients: many(1) })));
  });

  it('a request that would go over the per-address limit is refused whole, not cut short', async () => {
    const ip = clientIp();
    await expectOk(await postShare(t, shareBody({ recipients: Array.from({ length: 5 }, () => addr('w')) }), { ip }));
    await expectLimited(() => postShare(t, shareBody({ recipients: Array.from({ length: 5 }, () => addr('w')) }), { ip }));
  });

  it('over the per-sender limit → 429 with Retry-After and nothing sent, from any address and in any letter case', async () => {
    const sender = addr('ps');
    const many = (n: number) => Array.from({ length: n }, () => addr('ps-to'));
    await expectOk(await postShare(t, shareBody({ senderEmail: sender, recipients: many(4) })));
    await expectOk(await postShare(t, shareBody({ senderEmail: sender.toUpperCase(), recipients: many(2) })));
    await expectLimited(() => postShare(t, shareBody({ senderEmail: sender, recipients: many(1) })));
  });

  it('over the per-recipient limit → 429 with Retry-After and nothing sent, whoever sends it', async () => {
    const victim = addr('pr');
    await expectOk(await postShare(t, shareBody({ recipients: [victim] })));
    await expectOk(await postShare(t, shareBody({ recipients: [victim.toUpperCase()] })));
    // Hidden among fresh addresses it is still refused, and so are they: the request is all or nothing.
    const others = [addr('pr-other'), addr('pr-other')];
    await expectLimited(() => postShare(t, shareBody({ recipients: [...others, victim] })));
    const sentToOthers = await t.db.selectFrom('emails').select('id').where('to_address', 'in', others).execute();
    expect(sentToOthers).toEqual([]);
  });

  it('an integrator token skips the proof of work but not the per-recipient limit', async () => {
    const token = await createApiToken(t.db, 'cms-limits', 'integrator');
    const victim = addr('tok');
    const headers = { authorization: `Bearer ${token}` };
    await expectOk(await postShare(t, shareBody({ recipients: [victim] }), { altcha: false, headers }));
    await expectOk(await postShare(t, shareBody({ recipients: [victim] }), { altcha: false, headers }));
    await expectLimited(() => postShare(t, shareBody({ recipients: [victim] }), { altcha: false, headers }));
  });

  it('the counters are kept in Postgres (shared by every app process), keyed by hashes only', async () => {
    const victim = addr('pg');
    await expectOk(await postShare(t, shareBody({ recipients: [victim] })));
    const keys = (await t.db.selectFrom('rate_limits').select('key').where('key', 'like', 'share-%').execute()).map((r) => r.key);
    expect(keys.some((k) => k.startsWith('share-recipient:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('share-sender:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('share-client:'))).toBe(true);
    for (const k of keys) expect(k).toMatch(/^share-(client|sender|recipient):[0-9a-f]{32,64}$/);
  });
});

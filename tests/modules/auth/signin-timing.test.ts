import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { linkRequestFrom, median, serveOverHttp, signInFrom, type HttpAnswer, type LoopbackServer } from '../../helpers/loopback-http.js';
import { createStaffUser, uniqueEmail } from './cookie-jar.js';

// Sign-in answers take the same time whether or not the address belongs to
// staff. Over real HTTP, each request from a fresh loopback address (so no
// per-client limit moves), known and unknown back to back and alternating who
// goes first, compared by the median of the differences so a loaded machine's
// stray slow request does not decide. The account slow-down is off here: this measures
// only what the lookup could give away.

const ROUNDS = 21;
const WARM_UP = 3;

let t: TestContext;
let http: LoopbackServer;
beforeAll(async () => {
  t = await buildTestContext({ seed: false, smtp: false, env: { LOGIN_SLOWDOWN_AFTER: '100000' } });
  http = await serveOverHttp(t);
});
afterAll(async () => {
  await http.close();
  await t.close();
});

/**
 * ROUNDS interleaved pairs; every request must answer `status`. Returns the
 * median of the per-round differences (known − unknown: the two requests of a
 * round ran back to back, under the same load) and the median duration.
 */
async function race(status: number, known: (from: string) => Promise<HttpAnswer>, unknown: (from: string) => Promise<HttpAnswer>, subnet: number) {
  const differences: number[] = [];
  const durations: number[] = [];
  for (let i = 0; i < WARM_UP + ROUNDS; i++) {
    const round = { known: 0, unknown: 0 };
    const pair = [
      { run: known, side: 'known' as const, from: `127.${subnet}.1.${i + 1}` },
      { run: unknown, side: 'unknown' as const, from: `127.${subnet}.2.${i + 1}` },
    ];
    if (i % 2 === 1) pair.reverse();
    for (const { run, side, from } of pair) {
      const res = await run(from);
      expect(res.status).toBe(status);
      round[side] = res.ms;
    }
    if (i < WARM_UP) continue;
    differences.push(round.known - round.unknown);
    durations.push(round.known, round.unknown);
  }
  return { difference: median(differences), typical: median(durations) };
}

/** Within 2 ms, or within 15 % of a typical answer. */
const withinBound = ({ difference, typical }: { difference: number; typical: number }) => Math.abs(difference) < Math.max(2, 0.15 * typical);

/**
 * Up to three measurements, each of its own addresses: a real difference (a
 * lookup done only for staff) shows in every one, while a loaded machine's
 * noise rarely lands outside the bound three times running. Returns how many ran.
 */
async function expectSameTime(measure: (attempt: number) => Promise<{ difference: number; typical: number }>): Promise<number> {
  const seen: { difference: number; typical: number }[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const medians = await measure(attempt);
    if (withinBound(medians)) return attempt + 1;
    seen.push(medians);
  }
  expect.fail(`staff and unknown addresses differ in every measurement: ${seen.map((m) => `${m.difference.toFixed(1)} ms of ${m.typical.toFixed(1)} ms`).join('; ')}`);
}

describe('sign-in timing does not tell staff addresses apart', () => {
  it('a wrong password for a staff account and any password for an unknown address take the same time (a dummy hash is verified)', async () => {
    const staff = await createStaffUser(t);
    const stranger = uniqueEmail();
    await expectSameTime((attempt) =>
      race(
        401,
        (from) => signInFrom(http.baseUrl, from, staff.email, 'not-the-password'),
        (from) => signInFrom(http.baseUrl, from, stranger, 'not-the-password'),
        10 + attempt * 10,
      ),
    );
  });

  it('asking for a sign-in link for a staff address and for an unknown one take the same time (the request only enqueues)', async () => {
    const staff = await createStaffUser(t);
    const stranger = uniqueEmail();
    const attempts = await expectSameTime((attempt) =>
      race(
        200,
        (from) => linkRequestFrom(http.baseUrl, from, staff.email),
        (from) => linkRequestFrom(http.baseUrl, from, stranger),
        11 + attempt * 10,
      ),
    );
    // Both only queued the same job; the lookup happens in the worker.
    const { rows } = await sql<{ task: string; n: number }>`select task_identifier as task, count(*)::int as n from graphile_worker.jobs group by 1`.execute(t.db);
    expect(rows).toEqual([{ task: 'send_sign_in_link', n: 2 * (WARM_UP + ROUNDS) * attempts }]);
  });
});

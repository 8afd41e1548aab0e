import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphileQueue, type JobQueue } from '../../../src/db/queue.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { expectNothingStored, expectProblem } from './problem-assertions.js';

// The queue is the seam: the real graphile-worker queue, told to throw on its
// n-th add. Postgres is real, so what is asserted is the transaction's rollback.

const SECRET_DETAIL = 'insert into graphile_worker._private_jobs failed: queue-secret-42';

let failOnCall = 0; // 0: never fail
let calls = 0;
/** Jobs visible inside the intake transaction just before the failure: proves there was something to roll back. */
let jobsSeenBeforeFailure: number | null = null;

const failingQueue: JobQueue = {
  async add(db, task, payload, opts) {
    calls += 1;
    if (failOnCall && calls === failOnCall) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs`.execute(db);
      jobsSeenBeforeFailure = rows[0]!.n;
      throw new Error(SECRET_DETAIL);
    }
    await graphileQueue.add(db, task, payload, opts);
  },
  ping: (db) => graphileQueue.ping(db),
};

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ queue: failingQueue });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  failOnCall = 0;
  calls = 0;
  jobsSeenBeforeFailure = null;
});

async function expectGeneric500(res: Response) {
  const problem = await expectProblem(res, 500, 'internal');
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect(problem.requestId).toBe(requestId);
  expect(problem.detail).toContain(requestId!);
  expect(JSON.stringify(problem)).not.toContain('queue-secret-42');
  // The cause is in the log, under the same request id, for the operator.
  const logged = t.logs.find((l) => l.requestId === requestId && l.msg === 'unhandled error');
  expect(JSON.stringify(logged)).toContain('queue-secret-42');
  return problem;
}

describe('a failure between the inquiry insert and the job enqueue rolls both back', () => {
  it('the first job enqueue fails → 500 generic problem with request id, no inquiry, event, email, job or idempotency row', async () => {
    const reporter = 'atomic.first@example.com';
    failOnCall = 1;
    const res = await expectNothingStored(t, () =>
      t.postJson('/api/inquiries', validInquiry({ email: reporter }), { 'Idempotency-Key': 'atomic-first-add-0001' }),
    );
    await expectGeneric500(res);
    expect(calls).toBe(1);
    expect(await t.db.selectFrom('inquiries').select('id').where('email', '=', reporter).execute()).toEqual([]);
    expect(await t.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'atomic-first-add-0001').execute()).toEqual([]);
  });

  it('the second email\'s job fails after the first was enqueued → still nothing stored, the first job rolled back too', async () => {
    const reporter = 'atomic.second@example.com';
    const before = await t.counts();
    failOnCall = 2;
    const res = await expectNothingStored(t, () => t.postJson('/api/inquiries', validInquiry({ email: reporter })));
    await expectGeneric500(res);
    expect(calls).toBe(2);
    // Inside the transaction the first job existed; after the rollback it is gone.
    expect(jobsSeenBeforeFailure).toBe(before.jobs + 1);
    expect((await t.counts()).jobs).toBe(before.jobs);
    expect(await t.db.selectFrom('emails').select('id').where('to_address', '=', reporter).execute()).toEqual([]);
  });

  it('after a rolled-back failure the same Idempotency-Key is free and a healthy retry is accepted once, with all its emails and jobs', async () => {
    const key = 'atomic-retry-key-0001';
    const reporter = 'atomic.retry@example.com';
    failOnCall = 2;
    await expectGeneric500(await t.postJson('/api/inquiries', validInquiry({ email: reporter }), { 'Idempotency-Key': key }));

    failOnCall = 0;
    const before = await t.counts();
    const res = await t.postJson('/api/inquiries', validInquiry({ email: reporter }), { 'Idempotency-Key': key });
    expect(res.status).toBe(201);
    // Not a replay of a half-written first attempt.
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    const body = await res.json();
    const after = await t.counts();
    expect(after.inquiries - before.inquiries).toBe(1);
    expect(after.idempotency - before.idempotency).toBe(1);
    const emails = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', body.id).execute();
    expect(emails).toHaveLength(3);
    expect(after.emails - before.emails).toBe(3);
    expect(after.jobs - before.jobs).toBe(3);
  });
});

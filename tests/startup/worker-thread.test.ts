import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkerThread, type WorkerThreadHandle } from '../../src/worker.thread.js';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { eventually } from './child-process.js';

// WORKER=inline runs the job worker in a thread of the web process, on its own
// event loop and pool: here it is started on the test's database beside an app
// that queues only (WORKER=off), as startService composes the two.

let t: TestContext;
let worker: WorkerThreadHandle | null = null;
const logger = createLogger('silent');
/** The test's settings for the thread, which logs at their level: quietly. */
const threadConfig = (over: Partial<TestContext['config']> = {}) => ({ ...t.config, WORKER: 'inline' as const, LOG_LEVEL: 'silent' as const, ...over });

beforeAll(async () => {
  t = await buildTestContext({ env: { WORKER: 'off' } });
}, 40_000);

afterAll(async () => {
  await worker?.stop();
  await t?.close();
}, 30_000);

async function inquiryDelivered(email: string): Promise<string> {
  const res = await t.postJson('/api/inquiries', validInquiry({ email }));
  expect(res.status).toBe(201);
  const { reference } = (await res.json()) as { reference: string };
  // The acknowledgement and one alert per Malaysia officer.
  await eventually(async () => t.smtp!.received.filter((m) => m.raw.includes(reference)).length, (n) => n === 3, 20_000);
  return reference;
}

const lockedJobs = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null`.execute(t.db)).rows[0]!.n;

describe('the inline worker in a thread of the web process', () => {
  it('sends the queued emails over SMTP from its own thread, once each', async () => {
    worker = await startWorkerThread(threadConfig({ SMTP_URL: t.smtp!.url }), t.tdb.url, logger);
    expect(worker.running()).toBe(true);
    expect(worker.thread().threadId).toBeGreaterThan(0);
    const reference = await inquiryDelivered(`thread.first.${Date.now()}@example.com`);
    const statuses = await eventually(
      async () => (await t.db.selectFrom('emails').innerJoin('inquiries', 'inquiries.id', 'emails.inquiry_id').select('emails.status').where('inquiries.reference', '=', reference).execute()).map((r) => r.status),
      (s) => s.every((x) => x === 'sent'),
    );
    expect(statuses).toEqual(['sent', 'sent', 'sent']);
    expect(t.smtp!.received.filter((m) => m.raw.includes(reference))).toHaveLength(3);
  });

  it('a thread that dies reports the worker down, is started again, and the next inquiry is still answered', async () => {
    const first = worker!.thread();
    await first.terminate();
    expect(worker!.running()).toBe(false);
    await eventually(async () => worker!.running() && worker!.thread() !== first, (up) => up, 20_000);
    expect(worker!.thread().threadId).not.toBe(first.threadId);
    await inquiryDelivered(`thread.second.${Date.now()}@example.com`);
  });

  it('stop() hands every job back and ends the thread', async () => {
    const thread = worker!.thread();
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    await worker!.stop();
    expect(worker!.running()).toBe(false);
    await exited;
    await worker!.promise;
    expect(await lockedJobs()).toBe(0);
    worker = null;
  });

  it('a worker that cannot reach its database fails to start, saying why', async () => {
    const unreachable = 'postgres://postgres@127.0.0.1:9/nowhere';
    await expect(startWorkerThread(threadConfig(), unreachable, logger)).rejects.toThrow(/ECONNREFUSED|connect/i);
  });
});

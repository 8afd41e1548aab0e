import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { cleanEnv, eventually, runTs, stopAllChildren, type Child } from './child-process.js';

// `npm run worker` as its own process beside a web process that runs no worker
// (WORKER=off): the web process only writes the outbox, the worker sends.

let t: TestContext;
let worker: Child;

beforeAll(async () => {
  t = await buildTestContext({ env: { WORKER: 'off' } });
  worker = runTs('src/cli/worker.ts', cleanEnv({ DATABASE_URL: t.tdb.url, SMTP_URL: t.smtp!.url, LOG_LEVEL: 'info' }));
  await worker.waitForStdout(/"msg":"worker started"/, 30_000);
}, 40_000);

afterAll(async () => {
  await stopAllChildren();
  await t?.close();
}, 30_000);

describe('separate worker process (`npm run worker`, src/cli/worker.ts)', () => {
  it('scale-out: the web process (WORKER=off) only queues; the separate worker delivers every email over SMTP exactly once', async () => {
    expect(t.config.WORKER).toBe('off');
    const email = `worker.proc.${Date.now()}@example.com`;
    const res = await t.postJson('/api/inquiries', validInquiry({ email }));
    expect(res.status).toBe(201);
    const { id, reference } = await res.json();

    // Acknowledgement to the reporter and one alert per Malaysia officer.
    const mails = (await t.smtp!.waitFor(3, 15_000)).filter((m) => m.raw.includes(reference));
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(
      ['indra.nadchatram@example.org', 'media.malaysia@example.org', email].sort(),
    );
    expect(mails.find((m) => m.envelope.to[0] === email)!.parsed.subject).toContain(reference);

    const rows = await eventually(
      () => t.db.selectFrom('emails').select(['id', 'status', 'message_id']).where('inquiry_id', '=', id).execute(),
      (r) => r.every((e) => e.status === 'sent'),
    );
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    // Each outbox row went out once, under its own stored Message-ID.
    expect(mails.map((m) => m.parsed.messageId).sort()).toEqual(rows.map((r) => r.message_id).sort());
    // Sent by the worker process, not by anything in this one.
    const sentBy = (out: string, emailId: string) => new RegExp(`"emailId":"${emailId}"[^\\n]*"msg":"email sent"`).test(out);
    const out = await eventually(async () => worker.stdout(), (o) => rows.every((r) => sentBy(o, r.id)));
    for (const r of rows) expect(sentBy(out, r.id)).toBe(true);
    const jobs = await eventually(
      async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs`.execute(t.db)).rows[0]!.n,
      (n) => n === 0,
    );
    expect(jobs).toBe(0);
    // Queue drained and nothing arrived twice.
    expect(t.smtp!.received.filter((m) => m.raw.includes(reference))).toHaveLength(3);
    expect(worker.proc.exitCode).toBeNull();
  });

  // Declared last: it stops the worker the test above uses.
  it('SIGTERM → the worker process exits 0 promptly', async () => {
    const started = Date.now();
    expect(await worker.stop('SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(worker.stderr()).toBe('');
    expect(worker.stdout()).toContain('"msg":"worker stopping"');
  });
});

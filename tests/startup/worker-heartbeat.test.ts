import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beatAndUnlockStale } from '../../src/db/worker-heartbeat.js';
import { buildTestContext, validInquiry, type TestContext } from '../helpers/app.js';
import { cleanEnv, eventually, runTs, stopAllChildren } from './child-process.js';

// A worker process killed mid-send leaves its jobs locked to it. graphile-worker
// alone frees them after four hours; with heartbeats a live worker frees them
// once the dead one has been silent for WORKER_STALE_AFTER_MS.

let t: TestContext;

beforeAll(async () => {
  t = await buildTestContext({ env: { WORKER: 'off' } });
}, 40_000);

afterAll(async () => {
  await stopAllChildren();
  await t?.close();
}, 30_000);

const workerEnv = () =>
  cleanEnv({ DATABASE_URL: t.tdb.url, SMTP_URL: t.smtp!.url, LOG_LEVEL: 'info', WORKER_HEARTBEAT_MS: '200', WORKER_STALE_AFTER_MS: '1500' });

const lockedJobs = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null`.execute(t.db)).rows[0]!.n;

describe('worker heartbeats', () => {
  it('the jobs of a worker killed mid-send run again on a live worker within seconds, once each, under the same Message-ID', async () => {
    t.smtp!.behave('hang');
    const first = runTs('src/cli/worker.ts', workerEnv());
    await first.waitForStdout(/"msg":"worker started"/, 30_000);

    // The worker processes run on the real clock: an inquiry stamped with the tests' fixed (past) date would be
    // overdue at once, and their escalation run would mail its reference too, racing the three emails counted here.
    t.clock.set(new Date().toISOString());
    const res = await t.postJson('/api/inquiries', validInquiry({ email: `heartbeat.${Date.now()}@example.com` }));
    expect(res.status).toBe(201);
    const { id, reference } = await res.json();
    // The first worker has taken all three emails and is stuck waiting for the relay's answer.
    await eventually(async () => t.smtp!.hanging(), (n) => n >= 3, 20_000);
    expect(await lockedJobs()).toBe(3);

    expect((await first.stop('SIGKILL', 10_000)).signal).toBe('SIGKILL');
    t.smtp!.behave('accept');
    const killedAt = Date.now();
    const second = runTs('src/cli/worker.ts', workerEnv());
    await second.waitForStdout(/"msg":"worker started"/, 30_000);

    const mails = (await t.smtp!.waitFor(3, 30_000)).filter((m) => m.raw.includes(reference));
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(second.stdout()).toContain('unlocked the jobs of workers that stopped beating');
    const rows = await eventually(
      () => t.db.selectFrom('emails').select(['status', 'message_id']).where('inquiry_id', '=', id).execute(),
      (r) => r.every((e) => e.status === 'sent'),
    );
    expect(mails.map((m) => m.parsed.messageId).sort()).toEqual(rows.map((r) => r.message_id).sort());
    expect(t.smtp!.received.filter((m) => m.raw.includes(reference))).toHaveLength(3);
    await second.stop('SIGTERM', 15_000);
  }, 90_000);

  it('a beat never unlocks a worker that is beating, nor a fresh lock', async () => {
    await sql`select graphile_worker.add_job('noop_for_heartbeat', '{}'::json, job_key => 'beat-a')`.execute(t.db);
    await sql`select graphile_worker.add_job('noop_for_heartbeat', '{}'::json, job_key => 'beat-b')`.execute(t.db);
    await sql`select graphile_worker.add_job('noop_for_heartbeat', '{}'::json, job_key => 'beat-c')`.execute(t.db);
    const lock = (key: string, worker: string, ago: string) =>
      sql`update graphile_worker._private_jobs set locked_by = ${worker}, locked_at = now() - ${ago}::interval where key = ${key}`.execute(t.db);
    // Another process's worker beats (before any lock exists, so its beat unlocks nothing).
    expect(await beatAndUnlockStale(t.db, ['alive-elsewhere'], 60_000)).toEqual([]);
    await lock('beat-a', 'alive-elsewhere', '1 hour');
    await lock('beat-b', 'dead', '1 hour');
    await lock('beat-c', 'just-started', '0 seconds');

    const unlocked = await beatAndUnlockStale(t.db, ['me'], 60_000);
    expect(unlocked).toEqual(['dead']);
    const rows = await sql<{ key: string; locked_by: string | null }>`
      select key, locked_by from graphile_worker._private_jobs where key like 'beat-%' order by key`.execute(t.db);
    expect(rows.rows).toEqual([
      { key: 'beat-a', locked_by: 'alive-elsewhere' },
      { key: 'beat-b', locked_by: null },
      { key: 'beat-c', locked_by: 'just-started' },
    ]);
    await sql`delete from graphile_worker._private_jobs where key like 'beat-%'`.execute(t.db);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { graphileQueue } from '../../../src/db/queue.js';
import { ESCALATE_OVERDUE_TASK } from '../../../src/modules/escalation/escalation.task.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { escalatedEvents, escalationEmails, escalationRows, inquiryRow, insertInquiry } from './escalation-fixtures.js';

// A step that fails part-way leaves nothing behind, and does not hold back
// the other overdue inquiries. Its own file: the broken office must not
// disturb routing in other tests.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('escalate_overdue faults: a failure rolls back, a job out of retries is kept as failed', () => {
  it('a re-route that fails rolls back its step, history and email; the others still escalate; the job is kept as failed', async () => {
    const hq = await t.db.selectFrom('offices').select('id').where('code', '=', 'hq').executeTakeFirstOrThrow();
    // Offices are validated by the admin API; written straight to the table, an unknown zone makes routing throw.
    const broken = await t.db
      .insertInto('offices')
      .values({ code: 'broken-region', name: 'Broken Regional Office', city: 'Nowhere', time_zone: 'Mars/Olympus_Mons', kind: 'regional', parent_id: hq.id, email: 'media.broken@example.org' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('offices')
      .values({ code: 'under-broken', name: 'Country Office Under Broken', city: 'Somewhere', time_zone: 'Asia/Bangkok', kind: 'country', parent_id: broken.id, email: 'media.under@example.org' })
      .execute();
    t.deps.directory.invalidate();

    t.clock.set('2026-11-30T03:01:00Z');
    const bad = await insertInquiry(t, { officeCode: 'under-broken', country: 'LA', dueAt: '2026-11-30T02:00:00Z' });
    const good = await insertInquiry(t, { officeCode: 'malaysia', dueAt: '2026-11-30T03:00:00Z' });
    await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {});
    await t.runJobs();
    expect((await escalationRows(t, bad.id)).map((r) => r.step)).toEqual([1]);
    expect((await escalationRows(t, good.id)).map((r) => r.step)).toEqual([1]);

    t.clock.set('2026-11-30T05:01:00Z');
    await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {}, { maxAttempts: 1 });
    await t.runJobs();

    // The bad one: step 2 not recorded, nothing half-done.
    expect((await escalationRows(t, bad.id)).map((r) => r.step)).toEqual([1]);
    expect(await escalatedEvents(t, bad.id)).toHaveLength(1);
    expect(await escalationEmails(t, bad.id)).toHaveLength(1);
    expect(await inquiryRow(t, bad.id)).toMatchObject({ office: 'under-broken', priority: 'normal' });
    // The good one went ahead in the same run.
    expect((await escalationRows(t, good.id)).map((r) => r.step)).toEqual([1, 2]);
    expect((await inquiryRow(t, good.id)).office).toBe('eapro');

    const failed = await sql<{ last_error: string }>`
      select j.last_error from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = ${ESCALATE_OVERDUE_TASK} and j.attempts >= j.max_attempts`.execute(t.db);
    expect(failed.rows.map((r) => r.last_error)).toEqual([expect.stringContaining('1 overdue inquiry could not be escalated')]);
    const logged = t.logs.find((l) => l.msg === 'escalation failed');
    expect(logged).toMatchObject({ inquiryId: bad.id, level: 50 });
    expect(String(logged!.err)).toContain('Mars/Olympus_Mons');

    // Once the office is fixed, the next run does the step.
    await t.db.updateTable('offices').set({ time_zone: 'Asia/Bangkok' }).where('id', '=', broken.id).execute();
    t.deps.directory.invalidate();
    t.clock.set('2026-11-30T05:02:00Z');
    await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {});
    await t.runJobs();
    expect((await escalationRows(t, bad.id)).map((r) => r.step)).toEqual([1, 2]);
    expect((await inquiryRow(t, bad.id)).office).toBe('broken-region');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphileQueue } from '../../../src/db/queue.js';
import { claimEscalationStep } from '../../../src/modules/escalation/escalation.repository.js';
import { ESCALATE_OVERDUE_TASK, escalateOverdue } from '../../../src/modules/escalation/escalation.task.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { escalationDeps, insertInquiry, inquiryRow } from './escalation-fixtures.js';

// Several workers run the same scheduled job at once: each step still happens
// once per inquiry (the row lock and the (inquiry_id, step) key decide).

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

async function perInquiry(ids: string[]) {
  const [steps, events, emails] = await Promise.all([
    t.db.selectFrom('inquiry_escalations').select(['inquiry_id', 'step']).where('inquiry_id', 'in', ids).execute(),
    t.db.selectFrom('inquiry_events').select(['inquiry_id', 'data']).where('inquiry_id', 'in', ids).where('kind', '=', 'escalated').execute(),
    t.db.selectFrom('emails').select(['inquiry_id']).where('inquiry_id', 'in', ids).where('kind', '=', 'escalation').execute(),
  ]);
  const count = <T extends { inquiry_id: string | null }>(rows: T[], id: string, pred: (r: T) => boolean = () => true) =>
    rows.filter((r) => r.inquiry_id === id && pred(r)).length;
  return ids.map((id) => ({
    step1: count(steps, id, (r) => r.step === 1),
    step2: count(steps, id, (r) => r.step === 2),
    events: count(events, id),
    emails: count(emails, id),
  }));
}

describe('escalate_overdue run concurrently: each step and email once', () => {
  it('three runs at once, twice: every inquiry gets step 1 once, then step 2 once — no duplicate history or email', async () => {
    t.clock.set('2026-11-30T03:01:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await insertInquiry(t, { officeCode: 'malaysia', dueAt: '2026-11-30T03:00:00Z' })).id);
    const deps = escalationDeps(t);

    const first = await Promise.all([escalateOverdue(deps), escalateOverdue(deps), escalateOverdue(deps)]);
    expect(first.reduce((n, r) => n + r.step1, 0)).toBe(25);
    expect(first.reduce((n, r) => n + r.step2 + r.failed, 0)).toBe(0);
    expect(await perInquiry(ids)).toEqual(ids.map(() => ({ step1: 1, step2: 0, events: 1, emails: 1 })));

    t.clock.set('2026-11-30T05:01:00Z');
    const second = await Promise.all([escalateOverdue(deps), escalateOverdue(deps), escalateOverdue(deps)]);
    expect(second.reduce((n, r) => n + r.step2, 0)).toBe(25);
    expect(second.reduce((n, r) => n + r.step1 + r.failed, 0)).toBe(0);
    expect(await perInquiry(ids)).toEqual(ids.map(() => ({ step1: 1, step2: 1, events: 2, emails: 2 })));
    for (const id of ids.slice(0, 3)) expect((await inquiryRow(t, id)).office).toBe('eapro');
  });

  it('two escalate_overdue jobs picked up by two in-process workers at once: each step once, each email sent once', async () => {
    t.clock.set('2026-11-30T03:01:00Z');
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await insertInquiry(t, { officeCode: 'china', country: 'CN', dueAt: '2026-11-30T03:00:00Z' }));
    const ids = made.map((m) => m.id);
    await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {});
    await graphileQueue.add(t.db, ESCALATE_OVERDUE_TASK, {});
    await Promise.all([t.runJobs(), t.runJobs()]);
    // Anything the two did not send yet (the send jobs they queued) goes now.
    await t.runJobs();
    expect(await perInquiry(ids)).toEqual(ids.map(() => ({ step1: 1, step2: 0, events: 1, emails: 1 })));

    const refs = new Set(made.map((m) => m.reference));
    const received = t.smtp!.received.filter((m) => refs.has(String(m.parsed.headers.get('x-pressdesk-reference'))));
    expect(received).toHaveLength(10);
    expect(new Set(received.map((m) => m.parsed.headers.get('x-pressdesk-reference'))).size).toBe(10);
    expect(received.every((m) => m.envelope.to[0] === 'dale.rutstein@example.org')).toBe(true);
  });

  it('the (inquiry_id, step) key decides: a second claim waits for the first transaction, then loses', async () => {
    t.clock.set('2026-11-30T03:01:00Z');
    const { id } = await insertInquiry(t, { officeCode: 'malaysia', dueAt: '2026-11-30T03:00:00Z' });
    const now = new Date('2026-11-30T03:01:00Z');
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => (releaseFirst = r));
    let firstClaimed!: () => void;
    const firstHasClaimed = new Promise<void>((r) => (firstClaimed = r));

    const first = t.db.transaction().execute(async (trx) => {
      const won = await claimEscalationStep(trx, id, 1, now);
      firstClaimed();
      await firstMayCommit;
      return won;
    });
    await firstHasClaimed;
    let secondSettled = false;
    const second = claimEscalationStep(t.db, id, 1, now).finally(() => (secondSettled = true));
    // The second insert is blocked on the uncommitted first row, not decided yet.
    await new Promise((r) => setTimeout(r, 200));
    expect(secondSettled).toBe(false);
    releaseFirst();
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    expect(await claimEscalationStep(t.db, id, 2, now)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCrontab } from 'graphile-worker';
import { sql } from 'kysely';
import { overdueBatchQuery } from '../../../src/modules/escalation/escalation.repository.js';
import { ESCALATE_OVERDUE_TASK, ESCALATION_CRONTAB } from '../../../src/modules/escalation/escalation.task.js';
import { TEST_NOW, buildTestContext, replyAddressesOf, validInquiry, type TestContext } from '../../helpers/app.js';
import {
  MINUTE,
  escalatedEvents,
  escalationEmails,
  escalationRows,
  inquiryRow,
  insertInquiry,
  receivedEscalations,
  runEscalationJob,
  waitForEscalations,
} from './escalation-fixtures.js';

// The escalate_overdue job against a real Postgres and SMTP
// server, with the test clock deciding what "now" is.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const at = (iso: string) => t.clock.set(iso);

describe('escalate_overdue: lead first, then the regional office', () => {
  it('a Malaysia inquiry: nothing before due; step 1 emails the lead once; step 2 only after the interval moves it to eapro, urgent, with a new due time', async () => {
    at(TEST_NOW);
    const res = await t.postJson('/api/inquiries', validInquiry({ email: 'escalation.flow@example.com' }));
    expect(res.status).toBe(201);
    const { id, reference } = (await res.json()) as { id: string; reference: string };
    // An exact due time: 03:00Z is 11:00 in Kuala Lumpur.
    await t.db.updateTable('inquiries').set({ due_at: '2026-11-30T03:00:00Z' }).where('id', '=', id).execute();
    expect((await inquiryRow(t, id)).office).toBe('malaysia');

    // Before due, and at the due instant itself: nothing.
    for (const when of ['2026-11-30T02:59:00Z', '2026-11-30T03:00:00Z']) {
      at(when);
      await runEscalationJob(t);
      expect(await escalationRows(t, id)).toEqual([]);
      expect(await escalatedEvents(t, id)).toEqual([]);
      expect(await escalationEmails(t, id)).toEqual([]);
    }

    // Step 1: the malaysia lead is told, in one go with the history rows.
    at('2026-11-30T03:01:00Z');
    await runEscalationJob(t);
    expect(await escalationRows(t, id)).toEqual([{ step: 1, created_at: new Date('2026-11-30T03:01:00Z') }]);
    expect(await escalatedEvents(t, id)).toEqual([{ step: 1, notified: ['indra.nadchatram@example.org'], at: '2026-11-30T03:01:00.000Z' }]);
    const step1 = await escalationEmails(t, id);
    expect(step1.map((e) => e.to_address)).toEqual(['indra.nadchatram@example.org']);
    expect(step1[0]!.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Pressdesk-Reference': reference });

    const [lead] = await waitForEscalations(t, reference, 1);
    expect(lead!.envelope.to).toEqual(['indra.nadchatram@example.org']);
    expect(lead!.parsed.from?.value).toEqual([{ name: 'UNICEF Media Malaysia', address: 'press@pressdesk.test' }]);
    // Answered through the desk, on the officers' side of the inquiry, never to the reporter directly.
    expect(lead!.parsed.replyTo?.value.map((a) => a.address)).toEqual([(await replyAddressesOf(t, id)).staff]);
    expect(lead!.parsed.subject).toContain(reference);
    expect(lead!.parsed.subject).toMatch(/overdue/i);
    expect(lead!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(lead!.parsed.text).toContain(`http://pressdesk.test/desk/inquiries/${id}`);
    expect((await inquiryRow(t, id)).office).toBe('malaysia');

    // Running again (next minute, and just before the interval) does not repeat step 1 nor start step 2.
    for (const when of ['2026-11-30T03:02:00Z', '2026-11-30T05:00:59Z']) {
      at(when);
      await runEscalationJob(t);
    }
    expect((await escalationRows(t, id)).map((r) => r.step)).toEqual([1]);
    expect(await escalatedEvents(t, id)).toHaveLength(1);
    expect(await escalationEmails(t, id)).toHaveLength(1);
    expect((await inquiryRow(t, id)).office).toBe('malaysia');

    // Step 2, ESCALATION_REROUTE_AFTER_MINUTES (120) after step 1: 12:01 Monday in Bangkok, eapro open, Pim on duty.
    expect(t.config.ESCALATION_REROUTE_AFTER_MINUTES).toBe(120);
    at('2026-11-30T05:01:00Z');
    await runEscalationJob(t);
    const moved = await inquiryRow(t, id);
    expect(moved.office).toBe('eapro');
    expect(moved.contact).toBe('pim.rattanakul@example.org');
    expect(moved.priority).toBe('urgent');
    // 8 business hours in Bangkok (08:30–17:00): 4 h 59 min on Monday, 3 h 01 min on Tuesday → 11:31 local.
    expect(moved.due_at.toISOString()).toBe('2026-12-01T04:31:00.000Z');
    expect(moved.routing.reasons[0]).toMatch(/^escalated: no first response at malaysia 120 minutes .* → eapro$/);

    expect((await escalationRows(t, id)).map((r) => [r.step, r.created_at.toISOString()])).toEqual([
      [1, '2026-11-30T03:01:00.000Z'],
      [2, '2026-11-30T05:01:00.000Z'],
    ]);
    const events = await escalatedEvents(t, id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ step: 2, from: 'malaysia', to: 'eapro', rerouted: true, dueAt: '2026-12-01T04:31:00.000Z', notified: ['pim.rattanakul@example.org'] });

    const mails = await waitForEscalations(t, reference, 2);
    const regional = mails.find((m) => m.envelope.to[0] === 'pim.rattanakul@example.org')!;
    expect(regional.parsed.subject).toContain(reference);
    expect(regional.parsed.subject).toMatch(/re-routed to UNICEF East Asia and Pacific Regional Office/);
    expect(regional.parsed.text).toContain('Re-routed from: UNICEF Media Malaysia');

    // Much later, past the new due time too: there is no third step and nothing repeats.
    at('2026-12-03T00:00:00Z');
    await runEscalationJob(t);
    expect(await escalationRows(t, id)).toHaveLength(2);
    expect(await escalatedEvents(t, id)).toHaveLength(2);
    expect(await escalationEmails(t, id)).toHaveLength(2);
    expect((await inquiryRow(t, id)).office).toBe('eapro');
  });

  it('at the head office there is nowhere to go: step 2 is recorded with rerouted: false and the lead is told again', async () => {
    at('2026-11-30T12:00:00Z');
    const { id, reference } = await insertInquiry(t, { officeCode: 'hq', country: 'US', dueAt: '2026-11-30T11:00:00Z' });
    await runEscalationJob(t);
    at('2026-11-30T14:00:00Z');
    await runEscalationJob(t);

    expect((await escalationRows(t, id)).map((r) => r.step)).toEqual([1, 2]);
    expect((await escalatedEvents(t, id)).map(({ at: _, ...e }) => e)).toEqual([
      { step: 1, notified: ['alex.morgan@example.org'] },
      { step: 2, from: 'hq', to: 'hq', rerouted: false, notified: ['alex.morgan@example.org'] },
    ]);
    const row = await inquiryRow(t, id);
    expect(row.office).toBe('hq');
    expect(row.priority).toBe('normal');
    expect(row.due_at.toISOString()).toBe('2026-11-30T11:00:00.000Z');
    const mails = await waitForEscalations(t, reference, 2);
    expect(mails.map((m) => m.envelope.to[0])).toEqual(['alex.morgan@example.org', 'alex.morgan@example.org']);
    expect(mails[1]!.parsed.subject).toMatch(/still overdue/);
  });

  it('an inactive parent is skipped (→ head office), and an office with no lead has its own inbox told', async () => {
    const hq = await t.db.selectFrom('offices').select('id').where('code', '=', 'hq').executeTakeFirstOrThrow();
    const regional = await t.db
      .insertInto('offices')
      .values({ code: 'esc-closed-region', name: 'Closed Regional Office', city: 'Nowhere', time_zone: 'Asia/Bangkok', kind: 'regional', parent_id: hq.id, email: 'media.closed@example.org', active: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('offices')
      .values({ code: 'esc-country', name: 'Leaderless Country Office', city: 'Somewhere', time_zone: 'Asia/Bangkok', kind: 'country', parent_id: regional.id, email: 'media.leaderless@example.org' })
      .execute();
    t.deps.directory.invalidate();

    at('2026-11-30T14:00:00Z');
    const { id, reference } = await insertInquiry(t, { officeCode: 'esc-country', country: 'LA', dueAt: '2026-11-30T13:00:00Z' });
    await runEscalationJob(t);
    expect(await escalatedEvents(t, id)).toEqual([{ step: 1, notified: ['media.leaderless@example.org'], at: '2026-11-30T14:00:00.000Z' }]);

    // 16:00Z is 11:00 Monday in New York: Alex is on duty; 8 business hours (09:00–17:30) end 10:30 Tuesday (EST).
    at('2026-11-30T16:00:00Z');
    await runEscalationJob(t);
    const row = await inquiryRow(t, id);
    expect(row).toMatchObject({ office: 'hq', contact: 'alex.morgan@example.org', priority: 'urgent' });
    expect(row.due_at.toISOString()).toBe('2026-12-01T15:30:00.000Z');
    expect(row.routing.reasons[0]).toContain('(esc-closed-region is inactive)');
    const events = await escalatedEvents(t, id);
    expect(events[1]).toMatchObject({ step: 2, from: 'esc-country', to: 'hq', rerouted: true, notified: ['alex.morgan@example.org'] });
    const mails = await waitForEscalations(t, reference, 2);
    expect(mails.map((m) => m.envelope.to[0])).toEqual(['media.leaderless@example.org', 'alex.morgan@example.org']);
  });

  it("a reporter's deadline sooner than the new office's target sets the re-routed due time (less the margin)", async () => {
    at('2026-11-30T03:01:00Z');
    const { id } = await insertInquiry(t, { officeCode: 'malaysia', dueAt: '2026-11-30T03:00:00Z', deadline: '2026-11-30T08:00:00Z' });
    await runEscalationJob(t);
    at('2026-11-30T05:01:00Z');
    await runEscalationJob(t);
    const row = await inquiryRow(t, id);
    expect(row.office).toBe('eapro');
    expect(row.priority).toBe('urgent');
    // Deadline 08:00Z less DEADLINE_MARGIN_MINUTES (60) — before 8 business hours in Bangkok.
    expect(row.due_at.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('never escalated: a first response recorded, or status answered, closed or waiting', async () => {
    at('2026-11-30T12:00:00Z');
    const due = '2026-11-30T03:00:00Z';
    const left = [
      await insertInquiry(t, { officeCode: 'malaysia', dueAt: due, status: 'open', firstResponseAt: '2026-11-30T02:30:00Z' }),
      await insertInquiry(t, { officeCode: 'malaysia', dueAt: due, status: 'answered' }),
      await insertInquiry(t, { officeCode: 'malaysia', dueAt: due, status: 'closed' }),
      await insertInquiry(t, { officeCode: 'malaysia', dueAt: due, status: 'waiting' }),
    ];
    // A control, so the runs below provably did escalate what they should.
    const control = await insertInquiry(t, { officeCode: 'malaysia', dueAt: due });
    for (const when of ['2026-11-30T12:00:00Z', '2026-11-30T15:00:00Z', '2026-12-10T00:00:00Z']) {
      at(when);
      await runEscalationJob(t);
    }
    expect((await escalationRows(t, control.id)).map((r) => r.step)).toEqual([1, 2]);
    for (const { id, reference } of left) {
      expect(await escalationRows(t, id)).toEqual([]);
      expect(await escalatedEvents(t, id)).toEqual([]);
      expect(await escalationEmails(t, id)).toEqual([]);
      expect((await inquiryRow(t, id)).office).toBe('malaysia');
      expect(receivedEscalations(t, reference)).toEqual([]);
    }
  });
});

describe('escalate_overdue: scheduling and the overdue index', () => {
  it('runs every minute from graphile-worker cron, one job key so a failed run never piles up', () => {
    const [item, ...rest] = parseCrontab(ESCALATION_CRONTAB);
    expect(rest).toEqual([]);
    expect(item!.task).toBe(ESCALATE_OVERDUE_TASK);
    expect(ESCALATE_OVERDUE_TASK).toBe('escalate_overdue');
    expect(item!.options).toMatchObject({ maxAttempts: 1, jobKey: 'escalate_overdue', jobKeyMode: 'replace' });
    for (const [min, hour] of [[0, 0], [1, 3], [59, 23]] as const) {
      expect(item!.match({ min, hour, date: 15, month: 6, dow: 2 })).toBe(true);
    }
  });

  it('the batch query can use the inquiries_overdue partial index', async () => {
    const plan = await t.db.transaction().execute(async (trx) => {
      // Tiny tables favour a sequential scan; switching it off shows whether the index's condition matches.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await overdueBatchQuery(trx, new Date('2026-11-30T12:00:00Z'), 120, 100, { dueAt: new Date('2026-11-30T00:00:00Z'), id: '00000000-0000-0000-0000-000000000000' }).explain();
      return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
    });
    expect(plan).toContain('inquiries_overdue');
  });

  it('the batch query leaves out inquiries with nothing due: step 2 done, or step 1 within the interval', async () => {
    at('2026-11-30T12:00:00Z');
    const fresh = await insertInquiry(t, { officeCode: 'china', country: 'CN', dueAt: '2026-11-30T11:00:00Z' });
    const recent = await insertInquiry(t, { officeCode: 'china', country: 'CN', dueAt: '2026-11-30T11:00:00Z' });
    const ripe = await insertInquiry(t, { officeCode: 'china', country: 'CN', dueAt: '2026-11-30T11:00:00Z' });
    const finished = await insertInquiry(t, { officeCode: 'china', country: 'CN', dueAt: '2026-11-30T11:00:00Z' });
    await t.db
      .insertInto('inquiry_escalations')
      .values([
        { inquiry_id: recent.id, step: 1, created_at: '2026-11-30T11:30:00Z' },
        { inquiry_id: ripe.id, step: 1, created_at: '2026-11-30T10:00:00Z' },
        { inquiry_id: finished.id, step: 1, created_at: '2026-11-30T08:00:00Z' },
        { inquiry_id: finished.id, step: 2, created_at: '2026-11-30T10:00:00Z' },
      ])
      .execute();
    const ids = (await overdueBatchQuery(t.db, new Date('2026-11-30T12:00:00Z'), 120, 1000, null).execute()).map((r) => r.id);
    expect(ids).toContain(fresh.id);
    expect(ids).toContain(ripe.id);
    expect(ids).not.toContain(recent.id);
    expect(ids).not.toContain(finished.id);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InquiryStatus } from '../../../src/db/schema.js';
import {
  dueEscalationStep,
  holdingNoteDue,
  isOverdue,
  rerouteTarget,
  type EscalationFacts,
  type EscalationsDone,
  type OfficeLink,
} from '../../../src/modules/escalation/escalation.plan.js';

// The decision "which step is due for this inquiry now", with no database.

const DUE = new Date('2026-11-30T03:00:00Z');
const plus = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);
const INTERVALS = { rerouteAfterMinutes: 120 };
const facts = (over: Partial<EscalationFacts> = {}): EscalationFacts => ({ status: 'new', dueAt: DUE, firstResponseAt: null, ...over });
const NONE: EscalationsDone = { step1At: null, step2At: null };
const STEP1 = plus(DUE, 1);
const ONE_DONE: EscalationsDone = { step1At: STEP1, step2At: null };
const BOTH_DONE: EscalationsDone = { step1At: STEP1, step2At: plus(STEP1, 120) };

describe('dueEscalationStep', () => {
  it.each<[string, Partial<EscalationFacts>, EscalationsDone, Date, 1 | 2 | null]>([
    ['before the due time → nothing', {}, NONE, plus(DUE, -1), null],
    ['at the due instant → nothing (not yet past)', {}, NONE, DUE, null],
    ['a millisecond past due → step 1', {}, NONE, new Date(DUE.getTime() + 1), 1],
    ['past due, status open → step 1', { status: 'open' }, NONE, plus(DUE, 5), 1],
    ['long past due with nothing done → step 1 first, never straight to 2', {}, NONE, plus(DUE, 10_000), 1],
    ['step 1 done, within the interval → nothing', {}, ONE_DONE, plus(STEP1, 119), null],
    ['step 1 done, a millisecond short of the interval → nothing', {}, ONE_DONE, new Date(plus(STEP1, 120).getTime() - 1), null],
    ['step 1 done, exactly the interval later → step 2', {}, ONE_DONE, plus(STEP1, 120), 2],
    ['step 1 done, well after the interval → step 2', {}, ONE_DONE, plus(STEP1, 600), 2],
    ['both done → nothing, however late', {}, BOTH_DONE, plus(STEP1, 100_000), null],
    ['a first response → nothing', { firstResponseAt: plus(DUE, -30) }, NONE, plus(DUE, 5), null],
    ['a late first response still stops step 2', { firstResponseAt: plus(DUE, 30) }, ONE_DONE, plus(STEP1, 200), null],
    ['answered → nothing', { status: 'answered' }, NONE, plus(DUE, 5), null],
    ['closed → nothing', { status: 'closed' }, ONE_DONE, plus(STEP1, 200), null],
    ['waiting on the reporter → nothing', { status: 'waiting' }, NONE, plus(DUE, 5), null],
    ['due time moved into the future after step 1 → no step 2', { dueAt: plus(STEP1, 300) }, ONE_DONE, plus(STEP1, 200), null],
  ])('%s', (_name, over, done, now, expected) => {
    expect(dueEscalationStep(facts(over), done, now, INTERVALS)).toBe(expected);
  });

  it('the interval comes from configuration', () => {
    expect(dueEscalationStep(facts(), ONE_DONE, plus(STEP1, 30), { rerouteAfterMinutes: 30 })).toBe(2);
    expect(dueEscalationStep(facts(), ONE_DONE, plus(STEP1, 30), { rerouteAfterMinutes: 31 })).toBeNull();
  });

  it('property: a step is only ever due when overdue, step 2 only after step 1 and the interval, and nothing after step 2', () => {
    const statuses: InquiryStatus[] = ['new', 'open', 'waiting', 'answered', 'closed'];
    const time = fc.integer({ min: -10_000, max: 10_000 }).map((m) => plus(DUE, m));
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.option(time),
        fc.option(time),
        fc.option(time),
        time,
        fc.integer({ min: 1, max: 2_000 }),
        (status, firstResponseAt, step1At, step2At, now, minutes) => {
          const f = facts({ status, firstResponseAt });
          const done = { step1At, step2At: step1At === null ? null : step2At };
          const step = dueEscalationStep(f, done, now, { rerouteAfterMinutes: minutes });
          if (step !== null) expect(isOverdue(f, now)).toBe(true);
          if (step === 1) expect(done.step1At).toBeNull();
          if (step === 2) {
            expect(done.step2At).toBeNull();
            expect(now.getTime() - done.step1At!.getTime()).toBeGreaterThanOrEqual(minutes * 60_000);
          }
          if (done.step2At !== null) expect(step).toBeNull();
          if (isOverdue(f, now) && done.step1At === null) expect(step).toBe(1);
        },
      ),
    );
  });
});

describe("holdingNoteDue: the reporter's one note when their deadline's inquiry is overdue", () => {
  const DEADLINE = plus(DUE, 60);
  const note = (over: Partial<EscalationFacts> = {}, deadline: Date | null = DEADLINE, holdingNoteSentAt: Date | null = null, reporterBouncingAt: Date | null = null) => ({
    ...facts(over),
    deadline,
    holdingNoteSentAt,
    reporterBouncingAt,
  });

  it('due strictly after the due time, for a new or open inquiry with a deadline and no first response', () => {
    expect(holdingNoteDue(note(), DUE)).toBe(false);
    expect(holdingNoteDue(note(), STEP1)).toBe(true);
    expect(holdingNoteDue(note({ status: 'open' }), STEP1)).toBe(true);
  });

  it('never without a deadline, once sent, to an address that bounces, after a first response, or once answered, waiting or closed', () => {
    expect(holdingNoteDue(note({}, null), STEP1)).toBe(false);
    expect(holdingNoteDue(note({}, DEADLINE, null, plus(DUE, -30)), STEP1)).toBe(false);
    expect(holdingNoteDue(note({}, DEADLINE, STEP1), plus(DUE, 500))).toBe(false);
    expect(holdingNoteDue(note({ firstResponseAt: plus(DUE, -10) }), STEP1)).toBe(false);
    for (const status of ['answered', 'waiting', 'closed'] as InquiryStatus[]) expect(holdingNoteDue(note({ status }), STEP1)).toBe(false);
  });
});

describe('rerouteTarget: the office above', () => {
  const office = (id: string, parentId: string | null, active = true): OfficeLink => ({ id, code: id, parentId, active });
  const DEMO = [office('hq', null), office('eapro', 'hq'), office('malaysia', 'eapro'), office('china', 'eapro')];
  const targetOf = (offices: OfficeLink[], from: string) => {
    const { target, skipped } = rerouteTarget(offices, from);
    return { target: target?.code ?? null, skipped: skipped.map((o) => o.code) };
  };

  it.each<[string, OfficeLink[], string, { target: string | null; skipped: string[] }]>([
    ['country office → its regional office', DEMO, 'malaysia', { target: 'eapro', skipped: [] }],
    ['regional office → head office', DEMO, 'eapro', { target: 'hq', skipped: [] }],
    ['head office → nothing above', DEMO, 'hq', { target: null, skipped: [] }],
    ['inactive regional office → its parent', [office('hq', null), office('eapro', 'hq', false), office('malaysia', 'eapro')], 'malaysia', { target: 'hq', skipped: ['eapro'] }],
    ['every office above inactive → nothing', [office('hq', null, false), office('eapro', 'hq', false), office('malaysia', 'eapro')], 'malaysia', { target: null, skipped: ['eapro', 'hq'] }],
    ['a cycle of inactive offices ends instead of looping', [office('a', 'b', false), office('b', 'a', false), office('c', 'a')], 'c', { target: null, skipped: ['a', 'b'] }],
    ['a cycle back to the office itself → nothing', [office('a', 'b'), office('b', 'a', false)], 'a', { target: null, skipped: ['b'] }],
    ['an unknown parent id → nothing', [office('x', 'missing')], 'x', { target: null, skipped: [] }],
    ['an unknown office → nothing', DEMO, 'nowhere', { target: null, skipped: [] }],
  ])('%s', (_name, offices, from, expected) => {
    expect(targetOf(offices, from)).toEqual(expected);
  });
});

import type { InquiryStatus } from '../../db/schema.js';

// Which escalation step is due for an inquiry at a given time. Pure: the task
// reads the facts inside its transaction and asks this; the repository's
// batch query only narrows the candidates with the same conditions.

export type EscalationStep = 1 | 2;

export interface EscalationFacts {
  status: InquiryStatus;
  dueAt: Date;
  firstResponseAt: Date | null;
}

/** When each step was done (null = not yet). */
export interface EscalationsDone {
  step1At: Date | null;
  step2At: Date | null;
}

export interface EscalationIntervals {
  /** After step 1, how long before the inquiry moves to the parent office. */
  rerouteAfterMinutes: number;
}

/** Statuses in which nobody has answered yet; the `inquiries_overdue` index has the same condition. */
export const ESCALATING_STATUSES: readonly InquiryStatus[] = ['new', 'open'];

const MINUTE_MS = 60_000;

/** Overdue means strictly past the due time, with no first response, while still new or open. */
export function isOverdue(facts: EscalationFacts, now: Date): boolean {
  return facts.firstResponseAt === null && ESCALATING_STATUSES.includes(facts.status) && facts.dueAt.getTime() < now.getTime();
}

/**
 * The reporter's one holding note: due once an inquiry that carries their deadline
 * is overdue (nobody answered by its due time), unless it was sent already or
 * the reporter's address is bouncing (another undeliverable note helps no one).
 */
export function holdingNoteDue(
  facts: EscalationFacts & { deadline: Date | null; holdingNoteSentAt: Date | null; reporterBouncingAt: Date | null },
  now: Date,
): boolean {
  return facts.deadline !== null && facts.holdingNoteSentAt === null && facts.reporterBouncingAt === null && isOverdue(facts, now);
}

export interface OfficeLink {
  id: string;
  code: string;
  parentId: string | null;
  active: boolean;
}

/**
 * Where step 2 moves an inquiry: the office's parent, or the parent's parent
 * when that one is inactive, and so on up to the head office. Null when there
 * is no active office above (already at the top). A cycle in the fallbacks
 * ends the walk instead of looping.
 */
export function rerouteTarget<T extends OfficeLink>(offices: readonly T[], fromOfficeId: string): { target: T | null; skipped: T[] } {
  const byId = new Map(offices.map((o) => [o.id, o]));
  const seen = new Set([fromOfficeId]);
  const skipped: T[] = [];
  let next = byId.get(fromOfficeId)?.parentId ?? null;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    const office = byId.get(next);
    if (!office) break;
    if (office.active) return { target: office, skipped };
    skipped.push(office);
    next = office.parentId;
  }
  return { target: null, skipped };
}

/**
 * The step to do now, or null. Step 1 as soon as the inquiry is overdue;
 * step 2 once step 1 is at least `rerouteAfterMinutes` old and the inquiry is
 * still overdue. Each step happens at most once, in order.
 */
export function dueEscalationStep(facts: EscalationFacts, done: EscalationsDone, now: Date, intervals: EscalationIntervals): EscalationStep | null {
  if (!isOverdue(facts, now)) return null;
  if (done.step1At === null) return 1;
  if (done.step2At !== null) return null;
  const waited = now.getTime() - done.step1At.getTime();
  return waited >= intervals.rerouteAfterMinutes * MINUTE_MS ? 2 : null;
}

import type { decide } from '../routing/index.js';

type Decision = Awaited<ReturnType<typeof decide>>;

/** The columns routing decides for a new inquiry, intake and a follow-on alike; the reasons are kept for the desk's "why here". */
export function routedColumns(decision: Decision, officeId: string, now: Date) {
  return {
    priority: decision.priority,
    office_id: officeId,
    contact_id: decision.contactId,
    routing: JSON.stringify({ reasons: decision.reasons, decidedAt: now.toISOString() }),
    due_at: decision.dueAt,
  };
}

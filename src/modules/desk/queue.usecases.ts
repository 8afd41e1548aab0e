import type { Database } from '../../db/database.js';
import type { Staff } from '../auth/index.js';
import type { QueueParams } from './queue.params.js';
import { activeOfficeNames, listQueue, quarantinedCount, topicNames, type QueueResult } from './queue.repository.js';

/** One page of what this staff member may see (visibleTo is in every queue query). */
export function queueOf(db: Database, staff: Staff, p: QueueParams): Promise<QueueResult> {
  return listQueue(db, staff, p);
}

/** The queue page: its rows, the offices and topics its filters offer (an admin's: every active office; others': their own), and the quarantine's count for the menu. */
export async function queuePageOf(db: Database, staff: Staff, p: QueueParams) {
  const [result, offices, topics, quarantined] = await Promise.all([
    listQueue(db, staff, p),
    staff.isAdmin ? activeOfficeNames(db) : Promise.resolve(staff.offices.map((o) => ({ code: o.code, name: o.name }))),
    topicNames(db),
    quarantinedCount(db, staff),
  ]);
  return { result, offices, topics, quarantined };
}

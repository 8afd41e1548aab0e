import type { Executor } from '../../db/database.js';
import type { AuditEntry } from './audit.js';

export async function insertAuditEntry(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      client_hash: e.clientHash ?? null,
    })
    .execute();
}

/** Entries with their actor, newest first; `before` is an entry id (keyset paging on the primary key). */
export function auditEntriesNewestFirst(db: Executor, filter: { action?: string; before?: string; limit: number }) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('staff_users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.action', 'a.target_type', 'a.target_id', 'a.detail', 'a.client_hash', 'u.name as actor_name', 'u.email as actor_email'])
    .orderBy('a.id', 'desc')
    .limit(filter.limit);
  if (filter.action) q = q.where('a.action', '=', filter.action);
  if (filter.before) q = q.where('a.id', '<', filter.before);
  return q.execute();
}

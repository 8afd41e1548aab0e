import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  /** Dotted, e.g. 'auth.sign_in', 'auth.sign_in_failed', 'access.denied', 'inquiry.claim'. */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Who and what — never message bodies, passwords or tokens. */
  detail?: Record<string, unknown>;
  clientHash?: string;
}

/** Written through the caller's executor, so an action and its audit entry commit together. */
export async function audit(db: Kysely<DB> | Transaction<DB>, e: AuditEntry): Promise<void> {
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

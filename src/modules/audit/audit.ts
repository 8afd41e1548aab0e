import type { Executor } from '../../db/database.js';
import { auditEntriesNewestFirst, insertAuditEntry } from './audit.repository.js';

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
export async function audit(db: Executor, e: AuditEntry): Promise<void> {
  await insertAuditEntry(db, e);
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the log, newest first, and the id to ask `before` for the next older page (null on the last). */
export async function auditLogPage(db: Executor, filter: { action?: string; before?: string }) {
  // One row more than a page tells whether an older page exists.
  const rows = await auditEntriesNewestFirst(db, { ...filter, limit: AUDIT_PAGE_SIZE + 1 });
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  const olderBefore = rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null;
  return { entries, olderBefore };
}

import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

// The hourly digest: entries wait in staff_digest_items for the officers who
// chose a digest over one email per event.

/** Staff accounts, among these addresses (compared lower-cased), that chose a digest: address → user id. */
export async function digestUsersAmong(db: Executor, addresses: string[]): Promise<Map<string, string>> {
  const lower = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (lower.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff_users')
    .select(['id', sql<string>`lower(email)`.as('email')])
    .where('active', '=', true)
    .where('notify', '=', 'digest')
    .where(sql<string>`lower(email)`, 'in', lower)
    .execute();
  return new Map(rows.map((r) => [r.email, r.id]));
}

export interface DigestItem {
  userId: string;
  inquiryId: string;
  kind: string;
  at: Date;
}

/** The entries as a write not yet run (alone, or as part of the statement that stores their inquiry). */
export function digestItemsInsert(db: Executor, items: DigestItem[]) {
  return db.insertInto('staff_digest_items').values(items.map((i) => ({ user_id: i.userId, inquiry_id: i.inquiryId, kind: i.kind, created_at: i.at })));
}

export async function insertDigestItems(db: Executor, items: DigestItem[]) {
  await digestItemsInsert(db, items).execute();
}

/**
 * The oldest waiting entries with what their digest says, locked for this run;
 * rows another run holds are skipped, so two runs never send one twice.
 */
export async function lockWaitingDigestItems(db: Executor, limit: number) {
  return db
    .selectFrom('staff_digest_items as d')
    .innerJoin('staff_users as u', 'u.id', 'd.user_id')
    .innerJoin('inquiries as i', 'i.id', 'd.inquiry_id')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('offices as o', 'o.id', 'c.office_id')
    .select(['d.id', 'd.kind', 'd.created_at', 'u.id as user_id', 'u.name as user_name', 'u.email as user_email', 'u.active', 'i.id as inquiry_id', 'i.reference', 'i.subject', 'i.priority', 'o.time_zone'])
    .orderBy('d.id')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

export async function deleteDigestItems(db: Executor, ids: string[]) {
  await db.deleteFrom('staff_digest_items').where('id', 'in', ids).execute();
}

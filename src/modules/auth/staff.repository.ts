import type { Executor } from '../../db/database.js';

export function findStaffUserById(db: Executor, userId: string) {
  return db.selectFrom('staff_users').select(['id', 'name', 'email', 'is_admin', 'contact_id', 'active']).where('id', '=', userId).executeTakeFirst();
}

/** The offices a staff member's directory contact belongs to, and the role in each, by office code. */
export function officesOfContact(db: Executor, contactId: string) {
  return db
    .selectFrom('office_members as m')
    .innerJoin('offices as o', 'o.id', 'm.office_id')
    .select(['o.id', 'o.code', 'o.name', 'm.role'])
    .where('m.contact_id', '=', contactId)
    .orderBy('o.code')
    .execute();
}

export async function deactivateStaffUser(db: Executor, userId: string): Promise<void> {
  await db.updateTable('staff_users').set({ active: false }).where('id', '=', userId).execute();
}

export async function staffEmailExists(db: Executor, email: string): Promise<boolean> {
  return !!(await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst());
}

/** The password hash most of these accounts share, if any has one. */
export async function mostSharedPasswordHash(db: Executor, emails: string[]): Promise<string | null> {
  const row = await db
    .selectFrom('staff_users')
    .select('password_hash')
    .where('email', 'in', emails)
    .where('password_hash', 'is not', null)
    .groupBy('password_hash')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

/** Gives these accounts `to` where they still have the hash `from`; returns the ids changed. */
export async function replacePasswordHash(db: Executor, emails: string[], from: string, to: string): Promise<string[]> {
  const changed = await db
    .updateTable('staff_users')
    .set({ password_hash: to })
    .where('email', 'in', emails)
    .where('password_hash', '=', from)
    .returning('id')
    .execute();
  return changed.map((u) => u.id);
}

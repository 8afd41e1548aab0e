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

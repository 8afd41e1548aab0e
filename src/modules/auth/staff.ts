import type { Database } from '../../db/database.js';
import type { MemberRole } from '../../db/schema.js';

/** A signed-in press officer, lead or admin, with the offices they belong to. */
export interface Staff {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  contactId: string | null;
  offices: { id: string; code: string; name: string; role: MemberRole }[];
  session: { idHash: string; csrf: string };
}

export async function loadStaff(db: Database, userId: string, session: Staff['session']): Promise<Staff | null> {
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'is_admin', 'contact_id', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) return null;
  const offices = user.contact_id
    ? await db
        .selectFrom('office_members as m')
        .innerJoin('offices as o', 'o.id', 'm.office_id')
        .select(['o.id', 'o.code', 'o.name', 'm.role'])
        .where('m.contact_id', '=', user.contact_id)
        .orderBy('o.code')
        .execute()
    : [];
  return { id: user.id, name: user.name, email: user.email, isAdmin: user.is_admin, contactId: user.contact_id, offices, session };
}

export const isLeadOf = (staff: Staff, officeId: string) =>
  staff.isAdmin || staff.offices.some((o) => o.id === officeId && o.role === 'lead');

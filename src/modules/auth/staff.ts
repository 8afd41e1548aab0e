import type { Executor } from '../../db/database.js';
import type { MemberRole } from '../../db/schema.js';
import { findStaffUserById, officesOfContact } from './staff.repository.js';

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

export async function loadStaff(db: Executor, userId: string, session: Staff['session']): Promise<Staff | null> {
  const user = await findStaffUserById(db, userId);
  if (!user || !user.active) return null;
  const offices = user.contact_id ? await officesOfContact(db, user.contact_id) : [];
  return { id: user.id, name: user.name, email: user.email, isAdmin: user.is_admin, contactId: user.contact_id, offices, session };
}

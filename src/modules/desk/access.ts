import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Staff } from '../auth/staff.js';

/**
 * Which inquiries a staff member may see and act on, as a WHERE condition on
 * `inquiries as i`: those of their offices and those assigned to them; admins
 * see all. Every desk query goes through this, so another office's inquiry is
 * simply not found (404, exactly like a missing one).
 */
export function visibleTo(staff: Staff) {
  return (eb: ExpressionBuilder<DB & { i: DB['inquiries'] }, 'i'>) => {
    if (staff.isAdmin) return eb.val(true);
    const officeIds = staff.offices.map((o) => o.id);
    const own = staff.contactId ? [eb('i.contact_id', '=', staff.contactId)] : [];
    const ofOffices = officeIds.length ? [eb('i.office_id', 'in', officeIds)] : [];
    return own.length + ofOffices.length ? eb.or([...ofOffices, ...own]) : eb.val(false);
  };
}

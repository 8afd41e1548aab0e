import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Staff } from '../auth/index.js';

// Who may see and act on what at the desk, in one place. Seeing an inquiry is
// visibleTo (office membership, assignment, admin); acting on it adds the role
// checks below. Routes, use cases and pages ask these; none repeats the rules.

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

export const isMemberOf = (staff: Staff, officeId: string) => staff.offices.some((o) => o.id === officeId);

/** Leads (and admins) assign the office's inquiries, take them from a colleague, see its officers and keep its canned answers. */
export const leadsOffice = (staff: Staff, officeId: string) => staff.isAdmin || staff.offices.some((o) => o.id === officeId && o.role === 'lead');

/** Claiming needs a directory contact to assign to, and membership of the inquiry's office (admins: any office). */
export const mayClaimIn = (staff: Staff, officeId: string) => !!staff.contactId && (isMemberOf(staff, officeId) || staff.isAdmin);

/** Whether the page offers "Assign to me": claimable, not already theirs, and someone else's only for a lead. */
export const mayClaim = (staff: Staff, inquiry: { office_id: string; contact_id: string | null }) =>
  mayClaimIn(staff, inquiry.office_id) && inquiry.contact_id !== staff.contactId && (!inquiry.contact_id || leadsOffice(staff, inquiry.office_id));

/** visibleTo for one row already read: whether this staff member may see the inquiry (mail from their address may write to it). */
export const mayView = (staff: Staff, inquiry: { office_id: string; contact_id: string | null }) =>
  staff.isAdmin || isMemberOf(staff, inquiry.office_id) || (!!staff.contactId && inquiry.contact_id === staff.contactId);

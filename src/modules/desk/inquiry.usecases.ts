import type { Staff } from '../auth/index.js';
import { leadsOffice } from './access.js';
import { recordDenial, type ActionDeps, type Actor } from './actions.usecases.js';
import { cannedAnswersOfOffice } from './canned.repository.js';
import { activeOffices, colleaguesPresent, findVisibleInquiry, loadThread, officeMembers, touchPresence, type DeskInquiry } from './inquiry.repository.js';
import { deskErrors } from './desk.errors.js';
import { reporterAddressesOf } from './reporter-addresses.repository.js';

/** The inquiry if visible; otherwise the denial is recorded (when it exists) and the answer is the same 404 as for a missing id. */
export async function visibleInquiryOr404(deps: ActionDeps, actor: Actor, id: string, action: string): Promise<DeskInquiry> {
  const inquiry = await findVisibleInquiry(deps.db, actor.staff, id);
  if (inquiry) return inquiry;
  await recordDenial(deps, actor, id, action);
  throw deskErrors.inquiryNotFound.error();
}

/**
 * Everything the inquiry page shows besides the inquiry. A POST that shows the
 * page records presence first (GETs never change state): viewing, and drafting
 * when the reply form is open.
 */
export async function inquiryPageOf(deps: ActionDeps, staff: Staff, inquiry: DeskInquiry, o: { recordPresence: boolean; compose: boolean }) {
  const { db } = deps;
  const now = deps.clock.now();
  if (o.recordPresence) {
    await touchPresence(db, inquiry.id, staff.id, 'viewing', now);
    if (o.compose) await touchPresence(db, inquiry.id, staff.id, 'drafting', now);
  }
  const [thread, presence, members, offices, canned, reporterAddresses] = await Promise.all([
    loadThread(db, staff, inquiry.id),
    colleaguesPresent(db, staff, inquiry.id, now),
    leadsOffice(staff, inquiry.office_id) ? officeMembers(db, inquiry.office_id) : [],
    activeOffices(db),
    // The office's canned answers: the inquiry is visible, so its office's answers are too.
    cannedAnswersOfOffice(db, inquiry.office_id),
    // The inquiry is visible (the caller checked), so its address list is too.
    reporterAddressesOf(db, inquiry.id),
  ]);
  return { now, thread, presence, members, offices, canned, reporterAddresses };
}

/** The thread and who else is on it, for the staff API's detail. */
export async function inquiryDetailOf(deps: ActionDeps, staff: Staff, inquiry: DeskInquiry) {
  const now = deps.clock.now();
  const [thread, presence, reporterAddresses] = await Promise.all([
    loadThread(deps.db, staff, inquiry.id),
    colleaguesPresent(deps.db, staff, inquiry.id, now),
    reporterAddressesOf(deps.db, inquiry.id),
  ]);
  return { now, thread, presence, reporterAddresses };
}

/** "Write a reply": colleagues opening the inquiry are warned for a few minutes. */
export async function markDrafting(deps: ActionDeps, staff: Staff, inquiry: DeskInquiry) {
  await touchPresence(deps.db, inquiry.id, staff.id, 'drafting', deps.clock.now());
}

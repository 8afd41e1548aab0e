import { chooseOffice } from './choose-office.js';
import { chooseOfficer } from './choose-officer.js';
import { lookupDirectory } from './directory-lookup.js';
import { dueTime } from './due-time.js';
import { followTheSun } from './follow-the-sun.js';
import type { Directory, RoutableInquiry, RoutingDecision, RoutingOptions } from './routing.types.js';

/**
 * Routes an inquiry: the office (article contacts, rules, the covering
 * office, fallbacks; follow the sun for deadlines), the officer on duty (or
 * the duty officer, or nobody), the priority and the due time, with reasons in
 * the order they were decided. Pure and deterministic: no I/O, no clock but `now`.
 * Throws only for a broken directory (no active head office, unknown time zone).
 */
export function route(inquiry: RoutableInquiry, directory: Directory, now: Date, options: RoutingOptions): RoutingDecision {
  const lookup = lookupDirectory(directory);
  const reasons: string[] = [];
  const choice = followTheSun(chooseOffice(inquiry, lookup, reasons), inquiry, now, options, lookup, reasons);
  const officer = chooseOfficer(inquiry, choice.office, choice.preferred, now, options, lookup, reasons);
  const { dueAt, priority } = dueTime(choice.office, inquiry.deadline, now, options, choice.urgent, reasons);
  return { officeCode: choice.office.code, contactId: officer?.id ?? null, priority, dueAt, reasons };
}

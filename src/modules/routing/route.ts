import type { Directory, DirectoryContact, DirectoryOffice, RoutableInquiry, RoutingDecision, RoutingOptions } from './routing.types.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Chooses the office and officer for an inquiry. Pure: the same inquiry,
 * directory and time always give the same decision and reasons.
 *
 * This is the country-based first version; the full engine (rules, business
 * hours, follow the sun) replaces it behind the same signature.
 */
export function route(inquiry: RoutableInquiry, directory: Directory, now: Date, options: RoutingOptions): RoutingDecision {
  const reasons: string[] = [];
  const office = chooseOffice(inquiry.country, directory.offices, reasons);
  const contact = chooseContact(inquiry, office, directory.contacts, reasons);
  const { dueAt, priority } = dueTime(inquiry.deadline, office, now, options, reasons);
  return { officeCode: office.code, contactId: contact?.id ?? null, priority, dueAt, reasons };
}

function chooseOffice(country: string, offices: DirectoryOffice[], reasons: string[]): DirectoryOffice {
  const active = offices.filter((o) => o.active);
  const covering = active.find((o) => o.countries.includes(country));
  if (covering) {
    reasons.push(`country ${country} → ${covering.code}`);
    return covering;
  }
  const head = active.find((o) => o.kind === 'head');
  if (!head) throw new Error('The directory has no active head office');
  reasons.push(`country ${country} is covered by no office → ${head.code}`);
  return head;
}

function chooseContact(
  inquiry: RoutableInquiry,
  office: DirectoryOffice,
  contacts: DirectoryContact[],
  reasons: string[],
): DirectoryContact | null {
  const ofOffice = contacts.filter((c) => c.active && c.officeCode === office.code);
  for (const id of inquiry.articleContactIds) {
    const listed = ofOffice.find((c) => c.id === id);
    if (listed) {
      reasons.push(`article lists ${listed.name} for ${office.code}`);
      return listed;
    }
  }
  const byPosition = [...ofOffice].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const speaker = byPosition.find((c) => c.languages.includes(inquiry.language));
  if (speaker) {
    reasons.push(`${speaker.name} of ${office.code} speaks ${inquiry.language}`);
    return speaker;
  }
  const first = byPosition[0];
  if (first) {
    reasons.push(`first contact of ${office.code}: ${first.name}`);
    return first;
  }
  reasons.push(`${office.code} lists no contact; the office inbox answers`);
  return null;
}

function dueTime(
  deadline: Date | null,
  office: DirectoryOffice,
  now: Date,
  options: RoutingOptions,
  reasons: string[],
): { dueAt: Date; priority: 'urgent' | 'normal' } {
  const target = new Date(now.getTime() + office.responseTargetHours * HOUR);
  if (!deadline) {
    reasons.push(`no deadline: due within the ${office.code} response target of ${office.responseTargetHours} h`);
    return { dueAt: target, priority: 'normal' };
  }
  const withMargin = new Date(Math.max(now.getTime(), deadline.getTime() - options.deadlineMarginMinutes * MINUTE));
  if (withMargin < target) {
    reasons.push(`deadline ${deadline.toISOString()} is sooner than the response target → urgent`);
    return { dueAt: withMargin, priority: 'urgent' };
  }
  reasons.push(`deadline ${deadline.toISOString()} is after the response target`);
  return { dueAt: target, priority: 'normal' };
}

import { closedBecause, describeLocal } from './business-hours.js';
import { type DirectoryLookup, absentUntil, isMember } from './directory-lookup.js';
import type { DirectoryOffice, DirectoryOfficer, RoutableInquiry, RoutingOptions } from './routing.types.js';

// Which officer within the office: the named one if on duty, else the best
// on-duty member, else the duty officer, else nobody (the office inbox).

/** Why an officer cannot take the inquiry now, or null when on duty. */
function notOnDuty(officer: DirectoryOfficer, office: DirectoryOffice, closed: string | null, now: Date): string | null {
  if (!officer.active) return 'is inactive';
  if (!isMember(officer, office.code)) return `is not a member of ${office.code}`;
  // Absence first: "out of office until …" says more than the office being closed tonight.
  const back = absentUntil(officer, now);
  if (back) return `is out of office until ${describeLocal(back, office.timeZone)}`;
  if (closed) return `is off duty (${closed})`;
  return null;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Language, then topic, then the lightest load, then position, name, id: a total order, so ties are deterministic. */
function preference(inquiry: RoutableInquiry, loads: ReadonlyMap<string, number> | undefined) {
  const key = (o: DirectoryOfficer) => ({
    language: o.languages.includes(inquiry.language) ? 0 : 1,
    topic: inquiry.topic !== null && o.topics.includes(inquiry.topic) ? 0 : 1,
    load: loads?.get(o.id) ?? 0,
  });
  return (a: DirectoryOfficer, b: DirectoryOfficer): number => {
    const ka = key(a);
    const kb = key(b);
    return (
      ka.language - kb.language ||
      ka.topic - kb.topic ||
      ka.load - kb.load ||
      a.position - b.position ||
      compareText(a.name, b.name) ||
      compareText(a.id, b.id)
    );
  };
}

function describeChoice(officer: DirectoryOfficer, office: DirectoryOffice, inquiry: RoutableInquiry, options: RoutingOptions): string {
  const load = options.loads?.get(officer.id) ?? 0;
  const parts: string[] = [];
  if (officer.languages.includes(inquiry.language)) parts.push(`speaks ${inquiry.language}`);
  if (inquiry.topic !== null && officer.topics.includes(inquiry.topic)) parts.push(`covers ${inquiry.topic}`);
  parts.push(`${load} open ${load === 1 ? 'inquiry' : 'inquiries'}`);
  return `${officer.name} is on duty at ${office.code} (${parts.join(', ')})`;
}

/** The office's members who can take an inquiry now (active, present, office open). */
export function onDutyMembers(office: DirectoryOffice, now: Date, lookup: DirectoryLookup): DirectoryOfficer[] {
  const closed = closedBecause(office, now);
  return lookup.directory.officers.filter((o) => o.active && isMember(o, office.code) && notOnDuty(o, office, closed, now) === null);
}

export function chooseOfficer(
  inquiry: RoutableInquiry,
  office: DirectoryOffice,
  preferred: DirectoryOfficer | null,
  now: Date,
  options: RoutingOptions,
  lookup: DirectoryLookup,
  reasons: string[],
): DirectoryOfficer | null {
  const closed = closedBecause(office, now);
  let whyStated = false;
  if (preferred) {
    const why = notOnDuty(preferred, office, closed, now);
    if (why === null) {
      reasons.push(`${preferred.name} is on duty`);
      return preferred;
    }
    reasons.push(`${preferred.name} ${why}`);
    whyStated = closed !== null && why === `is off duty (${closed})`;
  }

  const members = lookup.directory.officers.filter((o) => o.active && isMember(o, office.code));
  const onDuty = members.filter((o) => notOnDuty(o, office, closed, now) === null);
  if (onDuty.length > 0) {
    const best = onDuty.sort(preference(inquiry, options.loads))[0]!;
    reasons.push(describeChoice(best, office, inquiry, options));
    return best;
  }

  const why = closed ?? (members.length === 0 ? 'no active members' : 'every member is out of office');
  const nobody = `nobody on duty at ${office.code}${whyStated ? '' : ` (${why})`}`;
  const duty = office.dutyContactId === null ? undefined : lookup.officer(office.dutyContactId);
  if (duty) {
    // The duty officer works nights and holidays, so office hours do not matter;
    // membership does, as staff see only their own offices' inquiries.
    const unavailable = notOnDuty(duty, office, null, now);
    if (unavailable === null) {
      if (!whyStated) reasons.push(nobody);
      reasons.push(`duty officer ${duty.name}`);
      return duty;
    }
    reasons.push(`${nobody}; duty officer ${duty.name} ${unavailable}; the office inbox answers`);
    return null;
  }
  reasons.push(`${nobody}; the office inbox answers`);
  return null;
}

import type { Directory, DirectoryOffice, DirectoryOfficer } from './routing.types.js';

/** Offices by code and officers by id, per decision (the first entry wins on a duplicate). */
export interface DirectoryLookup {
  directory: Directory;
  offices: Map<string, DirectoryOffice>;
  officer(id: string): DirectoryOfficer | undefined;
}

export function lookupDirectory(directory: Directory): DirectoryLookup {
  const offices = new Map<string, DirectoryOffice>();
  for (const o of directory.offices) if (!offices.has(o.code)) offices.set(o.code, o);
  // A decision looks up only a few officers by id (article contacts, a rule's
  // contact, the duty officer): a scan each is cheaper than indexing thousands.
  return { directory, offices, officer: (id) => directory.officers.find((o) => o.id === id) };
}

/**
 * The number a reporter on deadline is given for an office: its duty officer's, else
 * the first active member's (in directory order) that has one; null when nobody has one.
 */
export function officePhone(directory: Directory, officeCode: string): string | null {
  const office = directory.offices.find((o) => o.code === officeCode);
  const phoneOf = (o: DirectoryOfficer | undefined) => (o?.active && isMember(o, officeCode) && o.phone?.trim()) || null;
  const duty = office?.dutyContactId ? directory.officers.find((o) => o.id === office.dutyContactId) : undefined;
  return phoneOf(duty) ?? directory.officers.map(phoneOf).find((p) => p !== null) ?? null;
}

export function isMember(officer: DirectoryOfficer, officeCode: string): boolean {
  return officer.memberships.some((m) => m.officeCode === officeCode);
}

/**
 * The end of the absence the officer is in at `now` (absences that overlap or
 * touch are joined, so "until" is when they are really back), or null if present.
 */
export function absentUntil(officer: DirectoryOfficer, now: Date): Date | null {
  const t = now.getTime();
  let until: number | null = null;
  for (const a of officer.absences) {
    if (a.startsAt.getTime() <= t && t < a.endsAt.getTime()) until = Math.max(until ?? 0, a.endsAt.getTime());
  }
  if (until === null) return null;
  for (let extended = true; extended; ) {
    extended = false;
    for (const a of officer.absences) {
      if (a.startsAt.getTime() <= until && a.endsAt.getTime() > until) {
        until = a.endsAt.getTime();
        extended = true;
      }
    }
  }
  return new Date(until);
}

import type { Language, MemberRole, Priority, RuleConditions } from '../../db/schema.js';

export type { RuleConditions };

/** ISO weekday: 1 = Monday … 7 = Sunday, in the office's own time zone. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OpeningInterval {
  weekday: Weekday;
  /** 'HH:MM', local time; closes is after opens on the same day. */
  opens: string;
  closes: string;
}

export interface Holiday {
  /** 'YYYY-MM-DD', inclusive, local dates. */
  startsOn: string;
  endsOn: string;
  name: string;
}

/** When an office works: its zone, weekly hours and public holidays. */
export interface OfficeSchedule {
  timeZone: string;
  hours: OpeningInterval[];
  holidays: Holiday[];
}

export interface DirectoryOffice extends OfficeSchedule {
  id: string;
  code: string;
  name: string;
  kind: 'country' | 'regional' | 'head';
  email: string;
  /** ISO 3166-1 alpha-2 codes this office covers. */
  countries: string[];
  /** Response target, counted in business hours. */
  responseTargetHours: number;
  active: boolean;
  /** The office that backs this one up (a country office's regional office; the regional office's head office). */
  parentCode: string | null;
  /** Covers nights, weekends and holidays. */
  dutyContactId: string | null;
  /** The From name of the office's mail, if an admin chose one (else its name). */
  mailDisplayName?: string | null;
}

export interface Absence {
  startsAt: Date;
  endsAt: Date;
}

/** A press officer (a contact), who may belong to several offices. */
export interface DirectoryOfficer {
  id: string;
  name: string;
  title: string;
  email: string;
  /** As the directory lists it; reporters on deadline are given it (see officePhone). */
  phone?: string | null;
  languages: string[];
  topics: string[];
  position: number;
  active: boolean;
  memberships: { officeCode: string; role: MemberRole }[];
  absences: Absence[];
}

export interface DirectoryRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  officeCode: string;
  contactId: string | null;
}

/** What routing may look at: a snapshot of the directory, no I/O. */
export interface Directory {
  offices: DirectoryOffice[];
  officers: DirectoryOfficer[];
  /** In priority order (position ascending). */
  rules: DirectoryRule[];
}

export interface RoutableInquiry {
  country: string;
  language: Language;
  topic: string | null;
  outletType: string | null;
  subject: string;
  deadline: Date | null;
  /** Contacts the inquiry's article lists, in the article's order. */
  articleContactIds: string[];
}

export interface RoutingDecision {
  officeCode: string;
  contactId: string | null;
  priority: Priority;
  dueAt: Date;
  /** Why, strongest input first, in plain words for staff. */
  reasons: string[];
}

export interface RoutingOptions {
  /** Time kept back from the reporter's deadline so the answer arrives in time. */
  deadlineMarginMinutes: number;
  /** Open inquiries per officer id, for balancing; missing means 0. */
  loads?: ReadonlyMap<string, number>;
}

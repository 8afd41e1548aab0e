import type { Language, Priority } from '../../db/schema.js';

export interface DirectoryContact {
  id: string;
  officeCode: string;
  name: string;
  title: string;
  email: string;
  languages: string[];
  position: number;
  active: boolean;
}

export interface DirectoryOffice {
  id: string;
  code: string;
  name: string;
  kind: 'country' | 'regional' | 'head';
  timeZone: string;
  email: string;
  countries: string[];
  responseTargetHours: number;
  active: boolean;
}

/** What routing may look at: a snapshot of the directory, no I/O. */
export interface Directory {
  offices: DirectoryOffice[];
  contacts: DirectoryContact[];
}

export interface RoutableInquiry {
  country: string;
  language: Language;
  deadline: Date | null;
  /** Contacts the inquiry's article lists, in the article's order. */
  articleContactIds: string[];
}

export interface RoutingDecision {
  officeCode: string;
  contactId: string | null;
  priority: Priority;
  dueAt: Date;
  reasons: string[];
}

export interface RoutingOptions {
  /** Time kept back from the reporter's deadline so the answer arrives in time. */
  deadlineMarginMinutes: number;
}

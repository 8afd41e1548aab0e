// Public types of the email module (re-exported from ./index.ts).

import type { Lang } from '../src/lib/languages.js';

// Emails speak the application's languages: the one list is src/lib/languages.ts.
export type { Lang };

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface AcknowledgementData {
  reporterName: string;
  /** e.g. "PD-2026-00042" */
  reference: string;
  /** the reporter's subject line */
  subject: string;
  /** e.g. "UNICEF Media Malaysia" */
  officeName: string;
  /** who will answer; null = "a press officer" */
  contact: { name: string; title: string } | null;
  /** private link to follow the inquiry */
  statusUrl: string;
  /** when the office aims to answer */
  dueAt: Date;
  /** reporter's own deadline, if given */
  deadline: Date | null;
  /** IANA zone of the office, used to show dueAt/deadline */
  timeZone: string;
  /** the office's number for a reporter on deadline; null = no phone sentence */
  officePhone: string | null;
  /** adds a paragraph on the ethical guidelines for reporting on children */
  involvesChildren: boolean;
  guidelinesUrl: string;
}

/** To the reporter once, when an inquiry with their deadline reached its due time unanswered; in the inquiry's language. */
export interface HoldingNoteData {
  reporterName: string;
  reference: string;
  /** the reporter's subject line, for "Re: …" */
  subject: string;
  /** e.g. "UNICEF Media Malaysia" */
  officeName: string;
  /** the office's number for a reporter on deadline; null = no phone sentence */
  officePhone: string | null;
  /** private link to follow the inquiry */
  statusUrl: string;
}

/** To press officers; always English. */
export interface NewInquiryData {
  reference: string;
  /** urgent → subject starts with "[URGENT] " and a visible banner */
  priority: 'urgent' | 'normal';
  reporterName: string;
  reporterEmail: string;
  outlet: string;
  outletType: string | null;
  /** ISO alpha-2, shown as given */
  country: string;
  language: Lang;
  subject: string;
  /** may be long and multi-line; line breaks are kept */
  message: string;
  officeName: string;
  /** assigned officer, or null = unassigned */
  contactName: string | null;
  dueAt: Date;
  deadline: Date | null;
  timeZone: string;
  involvesChildren: boolean;
  routingReasons: string[];
  /** link for staff */
  inquiryUrl: string;
  /** Files the reporter sent with the form: named and sized here, never attached (staff open them in the desk). */
  attachments?: { filename: string; size: string }[];
  /** Who sends it, for the footer: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
}

/** To office leads and officers when an inquiry is overdue; always English. */
export interface EscalationData {
  /** 1 = the lead is told the inquiry is overdue; 2 = it moved to the parent office (or could not). */
  step: 1 | 2;
  /** step 2 only: false when there was no office to move it to (already at the top). */
  rerouted: boolean;
  reference: string;
  /** the reporter's subject line */
  subject: string;
  reporterName: string;
  reporterEmail: string;
  outlet: string;
  /** the office the inquiry is with now (after a re-route: the new one) */
  officeName: string;
  /** step 2 after a re-route: the office it came from */
  fromOfficeName: string | null;
  /** assigned officer, or null = unassigned */
  contactName: string | null;
  /** the due time that was missed */
  overdueSince: Date;
  /** the due time now (after a re-route: the new office's) */
  dueAt: Date;
  deadline: Date | null;
  /** IANA zone of the office the inquiry is with now */
  timeZone: string;
  /** link for staff */
  inquiryUrl: string;
  /** Who sends it, for the footer: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
}

/** An officer's answer to the reporter, in the inquiry's language. */
export interface ReplyData {
  reference: string;
  /** the reporter's subject line, for "Re: …" */
  subject: string;
  /** what the officer wrote: plain text, line breaks kept */
  body: string;
  /** the signature: who answers, from the directory */
  officer: { name: string; title: string | null; officeName: string; phone: string | null };
  /** private link to follow the inquiry */
  statusUrl: string;
}

/** To a press officer about one inquiry; always English. */
export interface DeskNoticeData {
  /** assigned: a lead gave it to you; transferred: another office sent it to yours; follow_up: the reporter wrote again */
  kind: 'assigned' | 'transferred' | 'follow_up';
  reference: string;
  priority: 'urgent' | 'normal';
  subject: string;
  reporterName: string;
  outlet: string;
  /** the office the inquiry is with now */
  officeName: string;
  /** who assigned or transferred it; null for a follow-up */
  byName: string | null;
  /** transferred: where it came from, and why */
  fromOfficeName: string | null;
  reason: string | null;
  dueAt: Date;
  timeZone: string;
  involvesChildren: boolean;
  /** link for staff */
  inquiryUrl: string;
  /** Who sends it, for the footer: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
}

/** One email listing what an officer chose to receive as a digest; always English. */
export interface DigestData {
  recipientName: string;
  /** Who sends it, for the subject and footer: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
  timeZone: string;
  items: {
    kind: string;
    reference: string;
    priority: 'urgent' | 'normal';
    subject: string;
    at: Date;
    inquiryUrl: string;
  }[];
}

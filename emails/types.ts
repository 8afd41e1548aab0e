// Public types of the email module (re-exported from ./index.ts).

export type Lang = 'en' | 'zh' | 'ms';

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
  /** adds a paragraph on the ethical guidelines for reporting on children */
  involvesChildren: boolean;
  guidelinesUrl: string;
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
}

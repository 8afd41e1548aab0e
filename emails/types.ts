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

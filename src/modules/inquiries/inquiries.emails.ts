import { renderAcknowledgement, renderNewInquiry } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Language, Priority } from '../../db/schema.js';
import type { QueuedEmail } from '../mail/mail.outbox.js';
import type { DirectoryOffice, DirectoryOfficer } from '../routing/routing.types.js';

export interface AcceptedInquiry {
  id: string;
  reference: string;
  name: string;
  email: string;
  outlet: string;
  outletType: string | null;
  country: string;
  language: Language;
  subject: string;
  message: string;
  deadline: Date | null;
  dueAt: Date;
  priority: Priority;
  involvesChildren: boolean;
  statusUrl: string;
  reasons: string[];
}

// RFC 3834: our mail is automatic, so auto-responders must not answer it.
const AUTO_REPLIED = { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' };
const AUTO_GENERATED = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

/** The acknowledgement to the reporter, and an alert to the assigned officer and the office inbox. */
export function intakeEmails(
  inquiry: AcceptedInquiry,
  office: DirectoryOffice,
  contact: DirectoryOfficer | null,
  config: Config,
): QueuedEmail[] {
  const base = config.PUBLIC_BASE_URL;
  const reference = { 'X-Pressdesk-Reference': inquiry.reference };
  const ack = renderAcknowledgement(
    {
      reporterName: inquiry.name,
      reference: inquiry.reference,
      subject: inquiry.subject,
      officeName: office.name,
      contact: contact ? { name: contact.name, title: contact.title } : null,
      statusUrl: inquiry.statusUrl,
      dueAt: inquiry.dueAt,
      deadline: inquiry.deadline,
      timeZone: office.timeZone,
      involvesChildren: inquiry.involvesChildren,
      guidelinesUrl: `${base}/guidelines/children`,
    },
    inquiry.language,
  );
  const emails: QueuedEmail[] = [
    {
      inquiryId: inquiry.id,
      kind: 'acknowledgement',
      to: inquiry.email,
      // Until the service receives mail, an answer by email goes to the office's inbox, where people read it.
      replyTo: office.email,
      ...ack,
      headers: { ...AUTO_REPLIED, ...reference },
    },
  ];

  const alert = renderNewInquiry({
    reference: inquiry.reference,
    priority: inquiry.priority,
    reporterName: inquiry.name,
    reporterEmail: inquiry.email,
    outlet: inquiry.outlet,
    outletType: inquiry.outletType,
    country: inquiry.country,
    language: inquiry.language,
    subject: inquiry.subject,
    message: inquiry.message,
    officeName: office.name,
    contactName: contact?.name ?? null,
    dueAt: inquiry.dueAt,
    deadline: inquiry.deadline,
    timeZone: office.timeZone,
    involvesChildren: inquiry.involvesChildren,
    routingReasons: inquiry.reasons,
    inquiryUrl: `${base}/desk/inquiries/${inquiry.id}`,
  });
  const urgent: Record<string, string> = inquiry.priority === 'urgent' ? { Importance: 'high', 'X-Priority': '1 (Highest)' } : {};
  const recipients = [...new Set([contact?.email, office.email].filter((e): e is string => !!e))];
  for (const to of recipients) {
    emails.push({
      inquiryId: inquiry.id,
      kind: inquiry.priority === 'urgent' ? 'urgent_inquiry' : 'new_inquiry',
      to,
      // Until the service receives mail, an officer answering from their mail client writes to the reporter.
      replyTo: inquiry.email,
      ...alert,
      headers: { ...AUTO_GENERATED, ...reference, ...urgent },
    });
  }
  return emails;
}

import { renderDeskNotice, type DeskNoticeData, type RenderedEmail } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { JobQueue } from '../../lib/queue.js';
import { queueEmails, type QueuedEmail } from '../mail/mail.outbox.js';
import { digestUsersAmong, insertDigestItems } from './digest.repository.js';
import { insertInquiryEvent } from './inquiry.repository.js';
import { dutyOfficerEmail, noticeRowOf } from './notify.repository.js';

export interface NotifyDeps {
  queue: JobQueue;
  config: Config;
  clock: Clock;
}

// RFC 3834: automatic mail, so auto-responders must not answer it.
const AUTO_GENERATED = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

export interface Notified {
  emailed: string[];
  digested: string[];
}

/**
 * Tells staff about an inquiry: an email now, or (for an officer who chose a
 * digest) an entry for the hourly digest. Urgent inquiries are never held back.
 */
export async function notifyStaff(
  trx: Executor,
  deps: NotifyDeps,
  n: {
    inquiryId: string;
    reference: string;
    kind: string;
    urgent: boolean;
    recipients: string[];
    rendered: RenderedEmail;
    /** The inquiry's staff reply+ address (noticeFacts gives it): an officer answering from their mail client reaches the service. */
    replyTo?: string;
  },
): Promise<Notified> {
  const now = deps.clock.now();
  const recipients = [...new Set(n.recipients.filter(Boolean))];
  const digest = n.urgent ? new Map<string, string>() : await digestUsersAmong(trx, recipients);
  const digested = recipients.filter((r) => digest.has(r.toLowerCase()));
  const emailed = recipients.filter((r) => !digest.has(r.toLowerCase()));
  if (digested.length) {
    await insertDigestItems(
      trx,
      digested.map((r) => ({ userId: digest.get(r.toLowerCase())!, inquiryId: n.inquiryId, kind: n.kind, at: now })),
    );
  }
  const urgent: Record<string, string> = n.urgent ? { Importance: 'high', 'X-Priority': '1 (Highest)' } : {};
  await queueEmails(
    trx,
    deps,
    emailed.map((to) => ({
      inquiryId: n.inquiryId,
      kind: n.kind,
      to,
      replyTo: n.replyTo ?? null,
      ...n.rendered,
      headers: { ...AUTO_GENERATED, 'X-Pressdesk-Reference': n.reference, ...urgent },
      createdAt: now,
    })),
  );
  return { emailed, digested };
}

/**
 * Intake's new-inquiry alerts, with the officers who chose a digest taken out
 * and filed for it instead. Urgent alerts (their own kind) always go now.
 */
export async function deferDigestAlerts(trx: Executor, emails: QueuedEmail[], at: Date): Promise<QueuedEmail[]> {
  const alerts = emails.filter((e) => e.kind === 'new_inquiry');
  if (alerts.length === 0) return emails;
  const digest = await digestUsersAmong(trx, alerts.map((e) => e.to));
  if (digest.size === 0) return emails;
  const held = alerts.filter((e) => digest.has(e.to.toLowerCase()));
  await insertDigestItems(
    trx,
    held.map((e) => ({ userId: digest.get(e.to.toLowerCase())!, inquiryId: e.inquiryId!, kind: 'new_inquiry', at })),
  );
  return emails.filter((e) => !held.includes(e));
}

export type NoticeFacts = Omit<DeskNoticeData, 'kind' | 'byName' | 'fromOfficeName' | 'reason'>;

/** What every staff notice says about the inquiry; the office is the one it is with now. */
export async function noticeFacts(db: Executor, config: Config, inquiryId: string) {
  const row = await noticeRowOf(db, inquiryId);
  if (!row) return undefined;
  const facts: NoticeFacts = {
    reference: row.reference,
    priority: row.priority,
    subject: row.subject,
    reporterName: row.name,
    outlet: row.outlet,
    officeName: row.office_name,
    dueAt: row.due_at,
    timeZone: row.time_zone,
    involvesChildren: row.involves_children,
    inquiryUrl: `${config.PUBLIC_BASE_URL}/desk/inquiries/${row.id}`,
  };
  return { facts, row };
}

/**
 * A reporter wrote again (called by inbound mail once it has appended the
 * message): the assignee is told, or, when nobody is assigned, the office's
 * duty officer and inbox. Each officer's immediate/digest choice applies.
 */
export async function notifyFollowUp(trx: Executor, deps: NotifyDeps, inquiryId: string): Promise<Notified | null> {
  const found = await noticeFacts(trx, deps.config, inquiryId);
  if (!found) return null;
  const { facts, row } = found;
  const recipients = row.contact_email
    ? [row.contact_email]
    : [await dutyOfficerEmail(trx, row.duty_contact_id), row.office_email].filter((e): e is string => !!e);
  const rendered = renderDeskNotice({ ...facts, kind: 'follow_up', byName: null, fromOfficeName: null, reason: null });
  const notified = await notifyStaff(trx, deps, {
    inquiryId,
    reference: row.reference,
    kind: 'follow_up',
    urgent: row.priority === 'urgent',
    recipients,
    rendered,
  });
  await insertInquiryEvent(trx, { inquiryId, kind: 'follow_up_notified', data: notified, at: deps.clock.now() });
  return notified;
}

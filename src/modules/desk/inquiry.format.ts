import type { InquiryStatus } from '../../db/schema.js';
import { localeTag } from '../../lib/languages.js';
import type { ThreadEvent } from './inquiry.repository.js';

export const STATUS_LABEL: Record<InquiryStatus, string> = {
  new: 'New',
  open: 'Open',
  reporter_replied: 'Reporter replied',
  waiting: 'Waiting on reporter',
  answered: 'Answered',
  closed: 'Closed',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Short date and time in the office's zone, e.g. "Mon, 30 Nov 2026, 10:00 GMT+8". */
export function deskTime(d: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(localeTag('en'), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
      timeZoneName: 'shortOffset',
    });
    formatters.set(timeZone, f);
  }
  return f.format(d);
}

function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

/** "3 h 20 min left" or "overdue by 1 h 5 min", against the injected clock. */
export function timeLeft(due: Date, now: Date): { text: string; overdue: boolean } {
  const ms = due.getTime() - now.getTime();
  return ms >= 0 ? { text: `${span(ms)} left`, overdue: false } : { text: `overdue by ${span(-ms)}`, overdue: true };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** " by email" when the officer answered (or noted) from their mail client. */
const byEmail = (d: Record<string, unknown>) => (d.source === 'email' ? ' by email' : '');

/** "; status Answered → Reporter replied" when a reporter's message moved the inquiry. */
function statusMove(d: Record<string, unknown>): string {
  if (typeof d.from !== 'string' || typeof d.to !== 'string' || d.from === d.to) return '';
  return `; status ${STATUS_LABEL[d.from as InquiryStatus] ?? d.from} → ${STATUS_LABEL[d.to as InquiryStatus] ?? d.to}`;
}


/** One line for a history event, e.g. "assigned it to Juana Jaafar". */
export function describeEvent(e: ThreadEvent): string {
  const d = e.data;
  switch (e.kind) {
    case 'received':
      return `sent the inquiry (${str(d.source) || 'api'})`;
    case 'routed':
      return `routed it to ${str(d.office)}${d.priority === 'urgent' ? ' as urgent' : ''}`;
    case 'claimed':
      return d.fromName ? `claimed it (it was with ${str(d.fromName)})` : 'claimed it';
    case 'assigned':
      return `assigned it to ${str(d.toName)}`;
    case 'transferred':
      return `transferred it from ${str(d.fromName) || str(d.from)} to ${str(d.toName) || str(d.to)}: ${str(d.reason)}`;
    case 'replied':
      return `replied to the reporter${byEmail(d)}; status ${STATUS_LABEL[d.status as InquiryStatus] ?? str(d.status)}`;
    case 'note':
      return `added an internal note${byEmail(d)}`;
    case 'status_changed':
      return `changed the status from ${STATUS_LABEL[d.from as InquiryStatus] ?? str(d.from)} to ${STATUS_LABEL[d.to as InquiryStatus] ?? str(d.to)}`;
    case 'escalated':
      return d.rerouted ? `escalated it from ${str(d.from)} to ${str(d.to)}` : `escalated it to the office lead (step ${String(d.step)})`;
    case 'email_failed':
      return `could not deliver an email (${str(d.emailKind)}): ${str(d.reason)}`;
    case 'follow_up_notified':
      return 'told the office that the reporter wrote again';
    case 'follow_up':
      // By email the words get their own block on the page; from the status page they fit on the line (shown as text, escaped by JSX).
      return d.source === 'email' ? `replied by email${statusMove(d)}` : `wrote again from the status page: ${str(d.message)}`;
    case 'email_quarantined':
      return `held an email from ${str(d.from) || 'an unknown sender'} in quarantine (${d.side === 'staff' ? "officers' address" : "reporter's address"}): ${str(d.reason)}`;
    case 'email_bounced':
      return `could not deliver to ${str(d.recipient) || "the reporter's address"}, the mail bounced: ${str(d.reason)}`;
    case 'email_released':
      return 'released an email from the quarantine into the thread';
    case 'email_dropped':
      return 'dropped an email from the quarantine';
    case 'followed_up_by':
      return `started a new inquiry${d.reference ? ` (${str(d.reference)})` : ''}: the reporter answered after this one had been closed too long`;
    case 'reporter_address_added':
      return `allowed ${str(d.address)} to write on the reporter's side by email`;
    case 'reporter_address_removed':
      return `took ${str(d.address)} off the reporter's side`;
    case 'acknowledgement_withheld':
      return `did not send the acknowledgement: this reporter's address already got ${String(d.limitPerHour ?? 'the maximum')} in the last hour`;
    default:
      return e.kind.replaceAll('_', ' ');
  }
}

/** The collision warning for one change: "Juana Jaafar replied at 10:05 GMT+8 since you opened this page." */
export function describeChange(e: ThreadEvent, timeZone: string): string {
  const verb = e.kind === 'replied' ? 'replied' : describeEvent(e);
  return `${e.actor ?? 'A colleague'} ${verb} at ${deskTime(e.at, timeZone)} since you opened this page.`;
}

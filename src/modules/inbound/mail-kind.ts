import type { ParsedMail } from 'mailparser';
import { looksLikeFailureNotice, readDeliveryStatus, type DeliveryStatus } from './delivery-status.js';
import { rawHeader, senderAddress, shortened } from './mail-headers.js';
import { vacationPhrase } from './vacation-subject.js';

// Robots never talk to robots: a received message is a person writing, an
// automatic answer (out of office, a list, a notice), or a bounce. Only a
// person's message may enter a thread, reopen an inquiry or be answered; a
// bounce also marks the address as failing. Evidence of a bounce wins over
// signs of an automatic reply, because MTAs mark their bounces
// `Auto-Submitted: auto-replied` too. A null return path alone is the weakest
// sign: RFC 3834 asks auto-responders to send from one as well, so a message
// with a null return path that says it is an auto-reply is one, not a bounce.

export type MailKind =
  | { kind: 'human' }
  | { kind: 'auto_reply'; reason: string }
  | { kind: 'bounce'; reason: string; failedRecipients: string[]; diagnostic: string | null };

type Classified = Exclude<MailKind, { kind: 'human' }>;

export type ClassifiableMail = Pick<
  ParsedMail,
  'headerLines' | 'subject' | 'from' | 'text' | 'attachments'
>;

const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-mail-autoreply', 'x-autoreply-from'];
const DAEMONS = new Set(['mailer-daemon', 'postmaster', 'mail-daemon', 'mailerdaemon']);
const FAILURE_SUBJECTS = [
  'undeliverable:',
  'undelivered mail returned to sender',
  'delivery status notification (failure)',
  'mail delivery failed',
  'mail delivery failure',
  'delivery failure',
  'returned mail:',
  'failure notice',
  'non remis',
  '无法投递',
  '退信',
  '系统退信',
];

function contentTypeOf(mail: ClassifiableMail): { type: string; reportType: string | null } {
  const value = rawHeader(mail, 'content-type') ?? '';
  const type = value.split(';', 1)[0]!.trim().toLowerCase();
  const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(value)?.[1]?.toLowerCase() ?? null;
  return { type, reportType };
}

/** The machine-readable status: its own part when mailparser kept it, else the text it was folded into. */
function deliveryStatusOf(mail: ClassifiableMail): DeliveryStatus {
  const part = mail.attachments?.find((a) => a.contentType.toLowerCase() === 'message/delivery-status');
  return readDeliveryStatus(part ? part.content.toString('utf8') : mail.text || '');
}

function failedRecipientsHeader(mail: ClassifiableMail): string[] {
  const value = rawHeader(mail, 'x-failed-recipients');
  if (!value) return [];
  return value
    .split(',')
    .map((a) => a.trim().replace(/^<|>$/g, ''))
    .filter((a) => a !== '');
}

function bounce(reason: string, status: DeliveryStatus, extra: string[] = []): Classified {
  const failedRecipients = [...new Set([...status.failed, ...extra])];
  return { kind: 'bounce', reason, failedRecipients, diagnostic: status.diagnostic };
}

function bounceEvidence(mail: ClassifiableMail): Classified | null {
  const { type, reportType } = contentTypeOf(mail);
  const subject = (mail.subject ?? '').trim().toLowerCase();
  const failedHeader = failedRecipientsHeader(mail);

  if (type === 'multipart/report' && reportType === 'delivery-status') {
    const status = deliveryStatusOf(mail);
    if (status.failed.length > 0 || failedHeader.length > 0) {
      return bounce('Delivery status report: delivery failed', status, failedHeader);
    }
    // A delay warning or a success notice: automatic, but the address still works.
    if (status.delayed.length > 0) return { kind: 'auto_reply', reason: 'Delivery status report: delivery delayed' };
    if (status.reported > 0) return { kind: 'auto_reply', reason: 'Delivery status report: no failure' };
    return bounce('Delivery status report (unreadable)', status);
  }
  if (failedHeader.length > 0) {
    return bounce(`X-Failed-Recipients: ${shortened(failedHeader.join(', '))}`, deliveryStatusOf(mail), failedHeader);
  }
  const text = mail.text || '';
  const local = senderAddress(mail)?.split('@', 1)[0] ?? '';
  if (DAEMONS.has(local) && (looksLikeFailureNotice(text) || looksLikeFailureNotice(subject))) {
    return bounce(`Delivery failure notice from ${local.toUpperCase()}`, deliveryStatusOf(mail));
  }
  const failureSubject = FAILURE_SUBJECTS.find((s) => subject.startsWith(s));
  if (failureSubject && looksLikeFailureNotice(text)) {
    return bounce(`Delivery failure notice ("${shortened(mail.subject ?? '', 60)}")`, deliveryStatusOf(mail));
  }
  return null;
}

function autoReplySign(mail: ClassifiableMail): string | null {
  const autoSubmitted = rawHeader(mail, 'auto-submitted');
  if (autoSubmitted !== null) {
    const value = autoSubmitted.split(';', 1)[0]!.trim().toLowerCase();
    if (value !== '' && value !== 'no') return `Auto-Submitted: ${shortened(value)}`;
  }
  for (const name of AUTO_REPLY_HEADERS) {
    const value = rawHeader(mail, name);
    if (value !== null && value.toLowerCase() !== 'no') return `${headerName(name)}: ${shortened(value || '(empty)')}`;
  }
  const autogenerated = rawHeader(mail, 'x-autogenerated');
  if (autogenerated !== null) return `X-Autogenerated: ${shortened(autogenerated)}`;
  // The list's name says more to the desk than its Precedence, so it is asked first.
  const listId = rawHeader(mail, 'list-id');
  if (listId !== null) return `Mailing list (List-Id: ${shortened(listId)})`;
  if (rawHeader(mail, 'list-unsubscribe') !== null) return 'Mailing list (List-Unsubscribe)';
  for (const name of ['precedence', 'x-precedence']) {
    const precedence = rawHeader(mail, name)?.toLowerCase();
    if (precedence && BULK_PRECEDENCE.has(precedence)) return `${headerName(name)}: ${precedence}`;
  }
  const phrase = vacationPhrase(mail.subject ?? '');
  if (phrase !== null) return `Out-of-office subject ("${shortened(mail.subject ?? '', 60)}")`;
  return null;
}

/** `x-autoreply` → `X-Autoreply`, for reasons people read. */
function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Was the envelope sender empty? '' on SMTP; for the API (null) the Return-Path the provider recorded. */
function nullReturnPath(mail: ClassifiableMail, envelope: { from: string | null }): boolean {
  if (envelope.from !== null) return envelope.from.trim() === '' || envelope.from.trim() === '<>';
  const returnPath = rawHeader(mail, 'return-path');
  return returnPath !== null && returnPath.replace(/\s/g, '') === '<>';
}

export function classifyMail(mail: ClassifiableMail, envelope: { from: string | null }): MailKind {
  const bounced = bounceEvidence(mail);
  if (bounced) return bounced;
  const sign = autoReplySign(mail);
  if (sign !== null) return { kind: 'auto_reply', reason: sign };
  if (nullReturnPath(mail, envelope)) {
    const status = deliveryStatusOf(mail);
    return bounce('Null return path', status, failedRecipientsHeader(mail));
  }
  return { kind: 'human' };
}

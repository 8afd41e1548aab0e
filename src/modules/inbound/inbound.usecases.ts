import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Transaction } from 'kysely';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { JobQueue } from '../../db/queue.js';
import type { DB, InboundDisposition, InquiryStatus } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { hashToken } from '../../lib/link-tokens.js';
import type { Logger } from '../../lib/logger.js';
import { loadStaff } from '../auth/index.js';
import { mayView, replyFromEmail } from '../desk/index.js';
import { followOnInquiry } from '../inquiries/index.js';
import { notifyFollowUp } from '../notifications/index.js';
import { dueTime, type DirectoryCache } from '../routing/index.js';
import { authenticateMessage, systemResolver, type AuthResult, type Resolver } from './inbound.authenticate.js';
import { filesWithinLimits, storeInboundAttachments } from './inbound.attachments.js';
import {
  activeStaffIdByEmail,
  inboundByMessageId,
  inquiryById,
  inquiryByReference,
  inquiryByReplyHash,
  insertEvent,
  insertInboundMessage,
  lockInquiry,
  officeCodeOf,
  replyHashExists,
  reporterAddresses,
  sentEmailsByMessageIds,
  setInboundDisposition,
  updateInquiryRow,
  type MatchedInquiry,
} from './inbound.repository.js';
import { classifyMail, type MailKind } from './mail-kind.js';
import { normalizeMessageId, referencedMessageIds, referenceInSubject } from './message-refs.js';
import { visibleReply } from './reply-text.js';
import { staffCommand } from './staff-command.js';

export interface InboundDeps {
  db: Database;
  queue: JobQueue;
  config: Config;
  clock: Clock;
  logger: Logger;
  directory: DirectoryCache;
  /** DNS for SPF/DKIM/DMARC; tests pass one that answers from fixed records or fails at once. */
  resolver?: Resolver;
}

export interface Envelope {
  /** MAIL FROM; '' is the null return path of a bounce, null unknown (the webhook). */
  from: string | null;
  to: string[];
  via: 'smtp' | 'api';
  clientIp?: string;
  helo?: string;
}

export type Side = 'reporter' | 'staff';
export type MatchedBy = 'address' | 'in_reply_to' | 'subject';

/** What happened to a message, for the log line and tests. */
export interface Received {
  inboundMessageId: string;
  messageId: string;
  /** True when this Message-ID was stored before: nothing was done again. */
  duplicate: boolean;
  kind: MailKind['kind'];
  disposition: InboundDisposition;
  inquiryId: string | null;
  side: Side | null;
  matchedBy: MatchedBy | null;
  reason: string | null;
  /** The new inquiry a reply to a long-closed one started. */
  newInquiryId?: string;
}

interface Match {
  inquiry: MatchedInquiry;
  side: Side;
  matchedBy: MatchedBy;
  recipient: string;
}

const lower = (s: string) => s.trim().toLowerCase();

/** The token of a reply+<token>@REPLY_DOMAIN address, or null for any other address. */
export function replyToken(address: string, replyDomain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || lower(address.slice(at + 1)) !== lower(replyDomain)) return null;
  const local = address.slice(0, at);
  if (!local.toLowerCase().startsWith('reply+')) return null;
  const token = local.slice('reply+'.length);
  return /^[\w-]{16,100}$/.test(token) ? token : null;
}

/**
 * RCPT TO: a reply address of an existing inquiry, or the service's own
 * address (where bounces of what we sent come back). Anything else is refused
 * before the message is sent.
 */
export async function isKnownRecipient(db: Database, config: Config, address: string): Promise<boolean> {
  if (lower(address) === lower(config.mailFrom.address)) return true;
  const token = replyToken(address, config.replyDomain);
  return token ? replyHashExists(db, hashToken(token)) : false;
}

/** The webhook may not know the envelope: the addresses the message itself names. */
function headerRecipients(mail: ParsedMail): string[] {
  const lists = [mail.to, mail.cc].flatMap((a: AddressObject | AddressObject[] | undefined) => (a ? (Array.isArray(a) ? a : [a]) : []));
  const named = lists.flatMap((l) => l.value.map((v) => v.address ?? '')).filter(Boolean);
  for (const name of ['delivered-to', 'x-original-to']) {
    const v = mail.headers.get(name);
    if (typeof v === 'string') named.unshift(v.trim());
  }
  return [...new Set(named)];
}

/** The Message-IDs a bounce quotes of the message that failed (its attached message or headers part). */
function bouncedMessageIds(mail: ParsedMail): string[] {
  const ids: string[] = [];
  for (const a of mail.attachments) {
    if (!/^(?:message\/rfc822|text\/rfc822-headers|message\/global|message\/global-headers)$/i.test(a.contentType)) continue;
    const text = a.content.toString('utf8', 0, Math.min(a.content.length, 64 * 1024));
    for (const line of text.split(/\r?\n/)) {
      const m = /^message-id:\s*(<[^<>\s]+>)/i.exec(line);
      if (m) ids.push(normalizeMessageId(m[1]!));
    }
  }
  return ids;
}

/** Strongest first: the inquiry's own address, then a Message-ID we sent, then the reference in the subject from the reporter. */
async function match(deps: InboundDeps, mail: ParsedMail, recipients: string[], from: string, kind: MailKind): Promise<Match | null> {
  const { db, config } = deps;
  for (const recipient of recipients) {
    const token = replyToken(recipient, config.replyDomain);
    if (!token) continue;
    const hash = hashToken(token);
    const inquiry = await inquiryByReplyHash(db, hash);
    if (inquiry) return { inquiry, side: inquiry.staff_reply_hash === hash ? 'staff' : 'reporter', matchedBy: 'address', recipient };
  }
  const recipient = recipients[0] ?? '';
  const refs = [...referencedMessageIds(mail), ...(kind.kind === 'bounce' ? bouncedMessageIds(mail) : [])];
  if (refs.length) {
    const sent = await sentEmailsByMessageIds(db, refs.map((id) => `<${id}>`));
    for (const id of refs) {
      const email = sent.find((e) => normalizeMessageId(e.message_id) === id);
      if (!email?.inquiry_id) continue;
      const inquiry = await inquiryById(db, email.inquiry_id);
      if (inquiry) {
        const side: Side = lower(email.to_address) === lower(inquiry.email) ? 'reporter' : 'staff';
        return { inquiry, side, matchedBy: 'in_reply_to', recipient };
      }
    }
  }
  const reference = referenceInSubject(mail.subject ?? '');
  if (reference && from) {
    const inquiry = await inquiryByReference(db, reference);
    if (inquiry && (await reporterSideAddresses(deps, inquiry)).includes(from)) return { inquiry, side: 'reporter', matchedBy: 'subject', recipient };
  }
  return null;
}

async function reporterSideAddresses(deps: InboundDeps, inquiry: MatchedInquiry): Promise<string[]> {
  return [lower(inquiry.email), ...(await reporterAddresses(deps.db, inquiry.id)).map(lower)];
}

type Verdict =
  | { ok: true; side: 'reporter' }
  | { ok: true; side: 'staff'; staffUserId: string }
  | { ok: false; reason: string };

/** Whether the sender may write on this side of the inquiry. */
async function checkSender(deps: InboundDeps, m: Match, from: string, auth: AuthResult): Promise<Verdict> {
  if (auth.dmarc === 'fail') return { ok: false, reason: `DMARC failed for the sender's domain (${from.split('@')[1] ?? from}): the From address may be forged.` };
  if (!from) return { ok: false, reason: 'The message has no From address.' };
  if (m.side === 'reporter') {
    if ((await reporterSideAddresses(deps, m.inquiry)).includes(from)) return { ok: true, side: 'reporter' };
    return { ok: false, reason: `${from} is neither the reporter of ${m.inquiry.reference} nor an address added to it.` };
  }
  const staffUserId = await activeStaffIdByEmail(deps.db, from);
  const staff = staffUserId ? await loadStaff(deps.db, staffUserId, { idHash: '', csrf: '' }) : null;
  if (staff && mayView(staff, m.inquiry)) return { ok: true, side: 'staff', staffUserId: staff.id };
  return { ok: false, reason: `${from} is not a staff member who may see ${m.inquiry.reference}, yet wrote to its officers' address.` };
}

/**
 * One pipeline for both ways in (the SMTP listener and the webhook): parse,
 * classify, authenticate, match, check the sender, then one transaction that
 * stores the message (raw, gzip-compressed; a Message-ID already stored is
 * answered as accepted and changes nothing) with whatever it causes. Throws
 * only when the message could not be stored (the caller answers "try again").
 */
export async function receiveMessage(deps: InboundDeps, raw: Buffer, envelope: Envelope): Promise<Received> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const messageId = mail.messageId ? normalizeMessageId(mail.messageId) : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const earlier = await inboundByMessageId(deps.db, messageId);
  if (earlier) return duplicateOf(earlier, messageId);

  const kind = classifyMail(mail, { from: envelope.from });
  const fromEntry = mail.from?.value[0];
  const from = lower(fromEntry?.address ?? '');
  const recipients = envelope.to.length ? envelope.to : headerRecipients(mail);
  const found = await match(deps, mail, recipients, from, kind);
  const auth: AuthResult | null =
    kind.kind === 'human'
      ? await authenticateMessage(raw, {
          ip: envelope.clientIp,
          helo: envelope.helo,
          sender: envelope.from,
          resolver: deps.resolver ?? systemResolver,
          timeoutMs: deps.config.INBOUND_DNS_TIMEOUT_MS,
        })
      : null;
  const text = kind.kind === 'human' ? visibleReply(mail) : { visible: '', full: mail.text ?? '' };
  const verdict = found && auth ? await checkSender(deps, found, from, auth) : null;

  const now = deps.clock.now();
  const base = {
    message_id: messageId,
    received_at: now,
    via: envelope.via,
    envelope_from: envelope.from,
    recipient: found?.recipient ?? recipients[0] ?? '',
    from_address: from,
    from_name: fromEntry?.name || null,
    subject: mail.subject ?? '',
    kind: kind.kind,
    inquiry_id: found?.inquiry.id ?? null,
    side: found?.side ?? null,
    matched_by: found?.matchedBy ?? null,
    authentication: JSON.stringify(auth ?? {}),
    visible_text: text.visible,
    full_text: text.full,
    raw_gzip: gzipSync(raw),
    raw_bytes: raw.length,
  };
  const result = (disposition: InboundDisposition, id: string, reason: string | null, extra: Partial<Received> = {}): Received => ({
    inboundMessageId: id,
    messageId,
    duplicate: false,
    kind: kind.kind,
    disposition,
    inquiryId: found?.inquiry.id ?? null,
    side: found?.side ?? null,
    matchedBy: found?.matchedBy ?? null,
    reason,
    ...extra,
  });

  return deps.db.transaction().execute(async (trx): Promise<Received> => {
    const store = (disposition: InboundDisposition, reason: string | null) => insertInboundMessage(trx, { ...base, disposition, reason });
    if (kind.kind === 'auto_reply') {
      const id = await store('ignored', kind.reason);
      return id ? result('ignored', id, kind.reason) : duplicateIn(trx, messageId);
    }
    if (kind.kind === 'bounce') {
      const id = await store('bounce', kind.reason);
      if (!id) return duplicateIn(trx, messageId);
      if (found) await recordBounce(trx, deps, found.inquiry.id, id, kind, now);
      return result('bounce', id, kind.reason);
    }
    if (!found) {
      const reason = 'Addressed to no inquiry and replying to nothing we sent.';
      const id = await store('quarantined', reason);
      return id ? result('quarantined', id, reason) : duplicateIn(trx, messageId);
    }
    if (!verdict!.ok) {
      const id = await store('quarantined', verdict!.reason);
      if (!id) return duplicateIn(trx, messageId);
      await quarantineEvent(trx, found.inquiry.id, { inboundMessageId: id, from, reason: verdict!.reason, side: found.side }, now);
      return result('quarantined', id, verdict!.reason);
    }
    const id = await store('threaded', null);
    if (!id) return duplicateIn(trx, messageId);
    const delivered = await deliver(trx, deps, { inboundMessageId: id, inquiryId: found.inquiry.id, verdict: verdict!, text, mail }, now);
    return result(delivered.disposition, id, null, delivered);
  });
}

function duplicateOf(row: { id: string; disposition: InboundDisposition; inquiry_id: string | null }, messageId: string): Received {
  return { inboundMessageId: row.id, messageId, duplicate: true, kind: 'human', disposition: row.disposition, inquiryId: row.inquiry_id, side: null, matchedBy: null, reason: null };
}

/** Another delivery of the same message committed first (both passed the early check). */
async function duplicateIn(trx: Transaction<DB>, messageId: string): Promise<Received> {
  return duplicateOf((await inboundByMessageId(trx, messageId))!, messageId);
}

async function bumpVersion(trx: Transaction<DB>, inquiryId: string, now: Date) {
  const inquiry = (await lockInquiry(trx, inquiryId))!;
  const version = inquiry.version + 1;
  await updateInquiryRow(trx, inquiryId, { version, updated_at: now });
  return version;
}

async function quarantineEvent(trx: Transaction<DB>, inquiryId: string, data: { inboundMessageId: string; from: string; reason: string; side: Side }, now: Date) {
  const version = await bumpVersion(trx, inquiryId, now);
  await insertEvent(trx, { inquiryId, kind: 'email_quarantined', data: { ...data, version }, at: now });
}

/** A bounce of mail to the reporter marks their address as bouncing; nothing is reopened or answered. */
async function recordBounce(trx: Transaction<DB>, deps: InboundDeps, inquiryId: string, inboundMessageId: string, kind: Extract<MailKind, { kind: 'bounce' }>, now: Date) {
  const inquiry = (await lockInquiry(trx, inquiryId))!;
  const failed = kind.failedRecipients.map(lower);
  const reporter = failed.length === 0 || failed.includes(lower(inquiry.email));
  const reason = kind.diagnostic ?? kind.reason;
  const version = inquiry.version + 1;
  await updateInquiryRow(trx, inquiryId, {
    version,
    updated_at: now,
    ...(reporter ? { reporter_bouncing_at: now, reporter_bounce_reason: reason } : {}),
  });
  await insertEvent(trx, { inquiryId, kind: 'email_bounced', data: { inboundMessageId, recipient: failed[0] ?? inquiry.email, reason, version }, at: now });
  deps.logger.info({ inquiryId, inboundMessageId, reporter }, 'bounce recorded');
}

interface Delivery {
  inboundMessageId: string;
  inquiryId: string;
  verdict: Extract<Verdict, { ok: true }>;
  text: { visible: string; full: string };
  mail: ParsedMail;
  /** A staff-side message released from quarantine: an internal note by whoever released it, never mail to the reporter. */
  asNote?: boolean;
}

/**
 * A message from an accepted sender joins the thread: the reporter's reply
 * (or a new inquiry when the old one was closed too long ago), or an officer's
 * answer or note. Also the path of a message released from quarantine.
 */
async function deliver(trx: Transaction<DB>, deps: InboundDeps, d: Delivery, now: Date): Promise<{ disposition: InboundDisposition; newInquiryId?: string }> {
  if (d.verdict.side === 'staff') {
    const command = d.asNote ? { kind: 'note' as const, text: d.text.visible } : staffCommand(d.text.visible);
    // A reply's files go to the reporter with it (when within the limits); a note's stay with the message.
    const files = command.kind === 'reply' ? await filesWithinLimits(trx, deps.config, d.inquiryId, d.mail) : { files: [], refused: null };
    const outcome = await replyFromEmail(trx, deps, d.verdict.staffUserId, d.inquiryId, { kind: command.kind, text: command.text, inboundMessageId: d.inboundMessageId, files: files.files });
    if (!outcome.ok) throw new Error(`the officer's emailed answer could not be recorded: ${outcome.reason}`);
    if (command.kind === 'note') await storeInboundAttachments(trx, deps.config, d.inquiryId, d.inboundMessageId, d.mail);
    if (files.refused) deps.logger.warn({ inquiryId: d.inquiryId, inboundMessageId: d.inboundMessageId, reason: files.refused }, "officer's emailed files not sent");
    return { disposition: 'threaded' };
  }
  const inquiry = (await lockInquiry(trx, d.inquiryId))!;
  const closedLongAgo = inquiry.status === 'closed' && now.getTime() - inquiry.updated_at.getTime() > deps.config.INBOUND_REOPEN_DAYS * 86_400_000;
  if (closedLongAgo) {
    const created = await followOnInquiry(trx, deps, inquiry.id, d.text.visible, now);
    await setInboundDisposition(trx, d.inboundMessageId, { disposition: 'new_inquiry', inquiry_id: created.id });
    await storeInboundAttachments(trx, deps.config, created.id, d.inboundMessageId, d.mail);
    return { disposition: 'new_inquiry', newInquiryId: created.id };
  }
  const files = await storeInboundAttachments(trx, deps.config, inquiry.id, d.inboundMessageId, d.mail);
  // An inquiry still waiting for its first answer keeps its status: escalation watches exactly those ('new', 'open').
  const awaitingFirstAnswer = (inquiry.status === 'new' || inquiry.status === 'open') && !inquiry.first_response_at;
  const status: InquiryStatus = awaitingFirstAnswer ? inquiry.status : 'reporter_replied';
  const version = inquiry.version + 1;
  await updateInquiryRow(trx, inquiry.id, {
    status,
    version,
    updated_at: now,
    due_at: await restartedClock(deps, inquiry, now),
    reporter_bouncing_at: null,
    reporter_bounce_reason: null,
  });
  await insertEvent(trx, {
    inquiryId: inquiry.id,
    kind: 'follow_up',
    data: {
      message: d.text.visible,
      source: 'email',
      inboundMessageId: d.inboundMessageId,
      actorName: inquiry.name,
      from: inquiry.status,
      to: status,
      version,
      attachments: files.stored,
      ...(files.refused ? { attachmentsRefused: files.refused } : {}),
    },
    at: now,
  });
  await notifyFollowUp(trx, deps, inquiry.id);
  return { disposition: 'threaded' };
}

/** The response clock starts again from the reply: the office's target, or the reporter's deadline when sooner. */
async function restartedClock(deps: InboundDeps, inquiry: MatchedInquiry, now: Date): Promise<Date> {
  const code = await officeCodeOf(deps.db, inquiry.office_id);
  const office = (await deps.directory.get()).offices.find((o) => o.code === code);
  if (!office) return now;
  const deadline = inquiry.deadline && inquiry.deadline > now ? inquiry.deadline : null;
  return dueTime(office, deadline, now, { deadlineMarginMinutes: deps.config.DEADLINE_MARGIN_MINUTES }, false, []).dueAt;
}

/** Release: the quarantined message goes into the thread as if its sender had passed the check. */
export async function deliverReleased(
  trx: Transaction<DB>,
  deps: InboundDeps,
  m: { id: string; inquiryId: string; side: Side; raw: Buffer },
  actor: { staffUserId: string },
  now: Date,
): Promise<{ disposition: InboundDisposition; newInquiryId?: string }> {
  const mail = await simpleParser(m.raw, { skipImageLinks: true, skipTextToHtml: true });
  const text = visibleReply(mail);
  const verdict: Extract<Verdict, { ok: true }> = m.side === 'staff' ? { ok: true, side: 'staff', staffUserId: actor.staffUserId } : { ok: true, side: 'reporter' };
  return deliver(trx, deps, { inboundMessageId: m.id, inquiryId: m.inquiryId, verdict, text, mail, asNote: m.side === 'staff' }, now);
}

import type { Transaction, Updateable } from 'kysely';
import { oneLine } from '../../../emails/format.js';
import { renderDeskNotice, renderReply } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DB, InquiriesTable, InquiryStatus } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { ApiError, fieldError, validationError } from '../../lib/problem.js';
import type { JobQueue } from '../../db/queue.js';
import { privateLinks } from '../../lib/link-tokens.js';
import { attachmentLimits, checkAttachments, inquiryAttachmentBytes, storeAttachments, type IncomingFile } from '../attachments/index.js';
import { audit } from '../audit/index.js';
import { loadStaff, type Staff } from '../auth/index.js';
import { acknowledgementMessageId, inquiryReference, queueEmails, threadOf } from '../mail/index.js';
import { dutyOfficerAddress, noticeFacts, notifyStaff } from '../notifications/index.js';
import { leadsOffice, mayClaimIn } from './access.js';
import { deskErrors } from './desk.errors.js';
import {
  activeOffices,
  changesSince,
  clearDrafting,
  contactNameOf,
  findVisibleInquiry,
  inquiryExists,
  insertInquiryEvent,
  lockVisibleInquiry,
  moveInquiryToOffice,
  officeMembers,
  officeNameOf,
  signatureOf,
  updateInquiry,
  type LockedInquiry,
  type ThreadEvent,
} from './inquiry.repository.js';

export interface ActionDeps {
  db: Database;
  queue: JobQueue;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/** Who is acting, from where: for the audit log and the denial log. */
export interface Actor {
  staff: Staff;
  requestId: string;
  clientHash: string;
}

export interface ActionResult {
  id: string;
  version: number;
  /** False when the action took the inquiry out of this staff member's view (a transfer). */
  visible: boolean;
  status: InquiryStatus | null;
  office: { code: string; name: string } | null;
  assignee: { id: string; name: string } | null;
}

export type ActionOutcome =
  | { ok: true; result: ActionResult }
  | { ok: false; reason: 'not_found' }
  /** The form was loaded at an older version: nothing was done. */
  | { ok: false; reason: 'conflict'; version: number; changes: ThreadEvent[] };

interface Applied {
  set?: Updateable<InquiriesTable>;
  event: { kind: string; data?: Record<string, unknown> };
  audit?: Record<string, unknown>;
}

/**
 * Logs and audits an attempt on an inquiry that exists but is not this staff
 * member's; the caller answers 404 either way, exactly as for a missing id.
 */
export async function recordDenial(deps: ActionDeps, actor: Actor, inquiryId: string, action: string): Promise<void> {
  if (!(await inquiryExists(deps.db, inquiryId))) return;
  await auditDenial(deps, actor, inquiryId, { action }, 'access denied');
}

async function recordRoleDenial(deps: ActionDeps, actor: Actor, inquiryId: string, action: string): Promise<void> {
  await auditDenial(deps, actor, inquiryId, { action, reason: 'role' }, 'action denied');
}

async function auditDenial(deps: ActionDeps, actor: Actor, inquiryId: string, detail: Record<string, string>, message: string) {
  deps.logger.warn({ requestId: actor.requestId, staffId: actor.staff.id, inquiryId, action: detail.action }, message);
  await audit(deps.db, {
    at: deps.clock.now(),
    actorId: actor.staff.id,
    action: 'access.denied',
    targetType: 'inquiry',
    targetId: inquiryId,
    detail,
    clientHash: actor.clientHash,
  });
}

/**
 * One action, one transaction: the row is locked through the visibility
 * filter, the posted version must still be current (else nothing happens and
 * the caller shows what changed), then the change, its history event (carrying
 * the new version), the audit entry and any email commit together.
 */
export async function act(
  deps: ActionDeps,
  actor: Actor,
  id: string,
  version: number,
  action: string,
  apply: (trx: Transaction<DB>, inquiry: LockedInquiry, now: Date) => Promise<Applied>,
): Promise<ActionOutcome> {
  const { staff } = actor;
  const outcome = await deps.db.transaction().execute((trx) => actWithin(trx, deps, actor, id, version, action, apply)).catch(async (err: unknown) => {
    // A role refusal (an officer assigning) rolled everything back; it is still a denial to log and audit.
    if (err instanceof ApiError && err.code === 'forbidden') await recordRoleDenial(deps, actor, id, action);
    throw err;
  });
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') await recordDenial(deps, actor, id, action);
    return outcome;
  }
  // What the staff member sees now; after a transfer that may be nothing.
  const now = await findVisibleInquiry(deps.db, staff, id);
  outcome.result = now
    ? {
        ...outcome.result,
        status: now.status,
        office: { code: now.office_code, name: now.office_name },
        assignee: now.contact_id ? { id: now.contact_id, name: now.contact_name ?? '' } : null,
      }
    : { ...outcome.result, visible: false };
  return outcome;
}

/**
 * The action inside the caller's transaction. `version` null takes the row as
 * it is (an emailed answer has no form version); `extra` joins the event's data.
 */
async function actWithin(
  trx: Transaction<DB>,
  deps: ActionDeps,
  actor: Actor,
  id: string,
  version: number | null,
  action: string,
  apply: (trx: Transaction<DB>, inquiry: LockedInquiry, now: Date) => Promise<Applied>,
  extra: Record<string, unknown> = {},
): Promise<ActionOutcome> {
  const { staff } = actor;
  const inquiry = await lockVisibleInquiry(trx, staff, id);
  if (!inquiry) return { ok: false, reason: 'not_found' };
  if (version !== null && inquiry.version !== version) {
    return { ok: false, reason: 'conflict', version: inquiry.version, changes: await changesSince(trx, staff, id, version) };
  }
  const now = deps.clock.now();
  const applied = await apply(trx, inquiry, now);
  const next = inquiry.version + 1;
  await updateInquiry(trx, id, { ...applied.set, version: next, updated_at: now });
  await insertInquiryEvent(trx, {
    inquiryId: id,
    kind: applied.event.kind,
    data: { ...applied.event.data, ...extra, actorId: staff.id, actorName: staff.name, version: next },
    at: now,
  });
  await audit(trx, {
    at: now,
    actorId: staff.id,
    action: `inquiry.${action}`,
    targetType: 'inquiry',
    targetId: id,
    detail: { ...applied.audit, ...extra },
    clientHash: actor.clientHash,
  });
  return { ok: true, result: { id, version: next, visible: true, status: null, office: null, assignee: null } };
}

const openedBy = (status: InquiryStatus): InquiryStatus => (status === 'new' ? 'open' : status);

/** Assign to myself: for officers of the inquiry's office. Someone else's inquiry is a lead's to reassign. */
export function claim(deps: ActionDeps, actor: Actor, id: string, version: number) {
  const { staff } = actor;
  return act(deps, actor, id, version, 'claim', async (trx, inquiry) => {
    if (!mayClaimIn(staff, inquiry.office_id)) {
      throw deskErrors.claimRefused.error();
    }
    if (inquiry.contact_id === staff.contactId) throw validationError([fieldError('version', 'this inquiry is already assigned to you')]);
    if (inquiry.contact_id && !leadsOffice(staff, inquiry.office_id)) {
      throw deskErrors.alreadyAssigned.error(`It is assigned to ${(await contactNameOf(trx, inquiry.contact_id)) ?? 'a colleague'}; ask a lead of the office to reassign it.`);
    }
    return {
      set: { contact_id: staff.contactId, status: openedBy(inquiry.status) },
      event: { kind: 'claimed', data: { from: inquiry.contact_id, fromName: await contactNameOf(trx, inquiry.contact_id), to: staff.contactId, toName: staff.name } },
      audit: { from: inquiry.contact_id, to: staff.contactId },
    };
  });
}

/** Assign to a colleague of the office: leads and admins only. The assignee is told (now or in their digest). */
export function assign(deps: ActionDeps, actor: Actor, id: string, version: number, contactId: string) {
  const { staff } = actor;
  return act(deps, actor, id, version, 'assign', async (trx, inquiry) => {
    if (!leadsOffice(staff, inquiry.office_id)) throw deskErrors.assignRefused.error();
    const member = (await officeMembers(trx, inquiry.office_id)).find((m) => m.id === contactId);
    if (!member) throw validationError([fieldError('contactId', 'is not an officer of this office')]);
    if (inquiry.contact_id === contactId) throw validationError([fieldError('contactId', 'is already assigned')]);
    if (contactId !== staff.contactId) {
      const found = (await noticeFacts(trx, deps.config, id))!;
      const rendered = renderDeskNotice({ ...found.facts, kind: 'assigned', byName: staff.name, fromOfficeName: null, reason: null });
      await notifyStaff(trx, deps, { inquiryId: id, reference: inquiry.reference, kind: 'assigned', urgent: inquiry.priority === 'urgent', recipients: [member.email], rendered, replyTo: found.replyTo, fromName: found.fromName });
    }
    return {
      set: { contact_id: contactId, status: openedBy(inquiry.status) },
      event: { kind: 'assigned', data: { from: inquiry.contact_id, fromName: await contactNameOf(trx, inquiry.contact_id), to: contactId, toName: member.name } },
      audit: { from: inquiry.contact_id, to: contactId },
    };
  });
}

/** To another office, with a reason: unassigned there, and its inbox and duty officer are alerted. */
export function transfer(deps: ActionDeps, actor: Actor, id: string, version: number, officeCode: string, reason: string) {
  const { staff } = actor;
  return act(deps, actor, id, version, 'transfer', async (trx, inquiry) => {
    const offices = await activeOffices(trx);
    const from = offices.find((o) => o.id === inquiry.office_id);
    const to = offices.find((o) => o.code === officeCode);
    if (!to) throw validationError([fieldError('office', 'is not an active office')]);
    if (to.id === inquiry.office_id) throw validationError([fieldError('office', 'is the office it is with already')]);
    await moveInquiryToOffice(trx, id, to.id);
    const found = (await noticeFacts(trx, deps.config, id))!;
    const rendered = renderDeskNotice({ ...found.facts, kind: 'transferred', byName: staff.name, fromOfficeName: from?.name ?? null, reason });
    const duty = await dutyOfficerAddress(trx, to.duty_contact_id);
    const notified = await notifyStaff(trx, deps, {
      inquiryId: id,
      reference: inquiry.reference,
      kind: 'transferred',
      urgent: inquiry.priority === 'urgent',
      recipients: [to.email, ...(duty ? [duty] : [])],
      rendered,
      replyTo: found.replyTo,
      fromName: found.fromName,
    });
    return {
      event: { kind: 'transferred', data: { from: from?.code ?? null, fromName: from?.name ?? null, to: to.code, toName: to.name, reason, previousContactId: inquiry.contact_id, notified } },
      audit: { from: from?.code ?? null, to: to.code },
    };
  });
}

export const REPLY_STATUSES = ['open', 'waiting', 'answered', 'closed'] as const;

/**
 * The officer's answer by email: From is the service with the officer's name,
 * Reply-To the inquiry's own reply+token address, threaded under the
 * acknowledgement, signed from the directory. Files go with it as attachments:
 * checked against the limits with the inquiry locked (two replies at once
 * cannot both squeeze under the per-inquiry limit), stored with the email in
 * the same transaction, so a refusal stores and sends nothing.
 */
export function reply(deps: ActionDeps, actor: Actor, id: string, version: number, text: string, status: InquiryStatus = 'answered', files: IncomingFile[] = []) {
  return act(deps, actor, id, version, 'reply', replyChange(deps, actor.staff, id, text, status, files));
}

function replyChange(deps: ActionDeps, staff: Staff, id: string, text: string, status: InquiryStatus, files: IncomingFile[]) {
  return async (trx: Transaction<DB>, inquiry: LockedInquiry, now: Date): Promise<Applied> => {
    if (files.length) {
      const check = checkAttachments(files, attachmentLimits(deps.config), await inquiryAttachmentBytes(trx, id));
      if (!check.ok) throw validationError([fieldError('files', check.reason)]);
    }
    const [contact, officeName, ackId] = await Promise.all([
      staff.contactId ? signatureOf(trx, staff.contactId) : undefined,
      officeNameOf(trx, inquiry.office_id),
      acknowledgementMessageId(trx, id),
    ]);
    // Rebuilt from the row's nonce: the same address and status link every time, stored nowhere.
    const links = privateLinks(deps.config, inquiry);
    const name = contact?.name ?? staff.name;
    const rendered = renderReply(
      {
        reference: inquiry.reference,
        subject: inquiry.subject,
        body: text,
        officer: { name, title: contact?.title ?? null, officeName, phone: contact?.phone ?? null },
        statusUrl: links.statusUrl,
      },
      inquiry.language,
    );
    const threading = ackId ? threadOf(ackId) : {};
    const [emailId] = await queueEmails(trx, deps, [
      {
        inquiryId: id,
        kind: 'reply',
        to: inquiry.email,
        fromName: oneLine(name),
        replyTo: links.reporterReplyTo,
        ...rendered,
        headers: { ...threading, ...inquiryReference(inquiry.reference) },
        createdAt: now,
      },
    ]);
    const attachments = await storeAttachments(trx, { inquiryId: id, emailId, source: 'reply' }, files);
    await clearDrafting(trx, id, staff.id);
    return {
      set: { status, first_response_at: inquiry.first_response_at ?? now },
      event: { kind: 'replied', data: { emailId, status, from: inquiry.status, ...(attachments.length ? { attachments } : {}) } },
      audit: { emailId, status, ...(attachments.length ? { attachments: attachments.map((a) => a.id) } : {}) },
    };
  };
}

/** Internal: kept in the history for staff, never shown or sent to the reporter. */
export function addNote(deps: ActionDeps, actor: Actor, id: string, version: number, text: string) {
  return act(deps, actor, id, version, 'note', async () => ({ event: { kind: 'note', data: { text } } }));
}

export function changeStatus(deps: ActionDeps, actor: Actor, id: string, version: number, status: InquiryStatus) {
  return act(deps, actor, id, version, 'status', async (_trx, inquiry) => {
    if (inquiry.status === status) throw validationError([fieldError('status', `is already ${status}`)]);
    return { set: { status }, event: { kind: 'status_changed', data: { from: inquiry.status, to: status } }, audit: { from: inquiry.status, to: status } };
  });
}

/**
 * An officer answered from their mail client, to the officers' reply address
 * of an inquiry they may see: recorded exactly like a desk reply (sent to the
 * reporter from the service address with the officer's name, threaded,
 * first_response_at set so escalation stops), or as an internal note when the
 * message began with `#note`. Runs inside the caller's transaction, which also
 * stores the received message; `inboundMessageId` joins the event and audit.
 */
export async function replyFromEmail(
  trx: Transaction<DB>,
  deps: ActionDeps,
  staffUserId: string,
  inquiryId: string,
  answer: { kind: 'reply' | 'note'; text: string; inboundMessageId: string; files?: IncomingFile[] },
): Promise<ActionOutcome> {
  const staff = await loadStaff(trx, staffUserId, { idHash: '', csrf: '' });
  if (!staff) return { ok: false, reason: 'not_found' };
  const actor: Actor = { staff, requestId: `inbound:${answer.inboundMessageId}`, clientHash: '' };
  const extra = { source: 'email', inboundMessageId: answer.inboundMessageId };
  return answer.kind === 'note'
    ? actWithin(trx, deps, actor, inquiryId, null, 'note', async () => ({ event: { kind: 'note', data: { text: answer.text } } }), extra)
    : actWithin(trx, deps, actor, inquiryId, null, 'reply', replyChange(deps, staff, inquiryId, answer.text, 'answered', answer.files ?? []), extra);
}

import { gunzipSync } from 'node:zlib';
import { audit } from '../audit/index.js';
import type { Staff } from '../auth/index.js';
import { mayView } from '../desk/index.js';
import { deliverReleased, type InboundDeps, type Side } from './inbound.usecases.js';
import { inboundMessageById, insertEvent, lockInboundMessage, lockInquiry, quarantinedMessages, setInboundDisposition, updateInquiryRow } from './inbound.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who acts on quarantine, for the history and the audit log. */
export interface QuarantineActor {
  staff: Staff;
  clientHash: string;
}

export interface QuarantinedMessage {
  id: string;
  receivedAt: Date;
  from: string;
  fromName: string | null;
  recipient: string;
  subject: string;
  reason: string | null;
  side: Side | null;
  matchedBy: string | null;
  inquiry: { id: string; reference: string } | null;
  visibleText: string;
  fullText: string;
  authentication: Record<string, unknown>;
}

/**
 * Quarantined messages this staff member may judge: those of inquiries they
 * may see (their offices', assigned to them); admins also see messages that
 * matched no inquiry at all.
 */
export async function listQuarantine(deps: Pick<InboundDeps, 'db'>, staff: Staff, limit = 200): Promise<QuarantinedMessage[]> {
  const scope = staff.isAdmin ? { officeIds: null, contactId: null } : { officeIds: staff.offices.map((o) => o.id), contactId: staff.contactId };
  const rows = await quarantinedMessages(deps.db, scope, limit);
  return rows.map((r) => ({
    id: r.id,
    receivedAt: r.received_at,
    from: r.from_address,
    fromName: r.from_name,
    recipient: r.recipient,
    subject: r.subject,
    reason: r.reason,
    side: r.side,
    matchedBy: r.matched_by,
    inquiry: r.inquiry_id && r.reference ? { id: r.inquiry_id, reference: r.reference } : null,
    visibleText: r.visible_text,
    fullText: r.full_text,
    authentication: r.authentication as unknown as Record<string, unknown>,
  }));
}

/** A message is the staff member's when its inquiry is visible to them; one matched to no inquiry is an admin's. */
function mayHandle(staff: Staff, row: { inquiry_id: string | null; office_id: string | null; contact_id: string | null }): boolean {
  if (!row.inquiry_id || !row.office_id) return staff.isAdmin;
  return mayView(staff, { office_id: row.office_id, contact_id: row.contact_id });
}

/**
 * The original message, decompressed, for "view original"; null when missing or
 * not this staff member's. It is a stranger's mail as received, headers and all,
 * so each download is in the audit log.
 */
export async function rawMessage(deps: Pick<InboundDeps, 'db' | 'clock'>, actor: QuarantineActor, inboundMessageId: string): Promise<Buffer | null> {
  if (!UUID.test(inboundMessageId)) return null;
  const row = await inboundMessageById(deps.db, inboundMessageId);
  if (!row || !mayHandle(actor.staff, row)) return null;
  await audit(deps.db, {
    at: deps.clock.now(),
    actorId: actor.staff.id,
    action: 'inbound.view_original',
    targetType: 'inbound_message',
    targetId: row.id,
    detail: { inquiryId: row.inquiry_id },
    clientHash: actor.clientHash,
  });
  return gunzipSync(row.raw_gzip);
}

export type QuarantineOutcome =
  | { ok: true; disposition: 'released' | 'dropped' | 'new_inquiry'; inquiryId: string | null }
  | { ok: false; reason: 'not_found' | 'not_quarantined' | 'no_inquiry' };

/**
 * Delivers a quarantined message into its inquiry's thread as if its sender had
 * passed the check: a reporter-side message becomes the reporter's reply; an
 * officers'-side one becomes an internal note by whoever released it (never
 * mail to the reporter in a stranger's words). Written with 'email_released'.
 */
export async function releaseQuarantined(deps: InboundDeps, actor: QuarantineActor, inboundMessageId: string): Promise<QuarantineOutcome> {
  return handle(deps, actor, inboundMessageId, 'release');
}

/** Drops a quarantined message: kept for audit, never delivered; written with 'email_dropped'. */
export async function dropQuarantined(deps: InboundDeps, actor: QuarantineActor, inboundMessageId: string): Promise<QuarantineOutcome> {
  return handle(deps, actor, inboundMessageId, 'drop');
}

async function handle(deps: InboundDeps, actor: QuarantineActor, inboundMessageId: string, action: 'release' | 'drop'): Promise<QuarantineOutcome> {
  if (!UUID.test(inboundMessageId)) return { ok: false, reason: 'not_found' };
  const seen = await inboundMessageById(deps.db, inboundMessageId);
  if (!seen || !mayHandle(actor.staff, seen)) return { ok: false, reason: 'not_found' };
  const { staff } = actor;
  return deps.db.transaction().execute(async (trx): Promise<QuarantineOutcome> => {
    const m = await lockInboundMessage(trx, inboundMessageId);
    if (!m) return { ok: false, reason: 'not_found' };
    if (m.disposition !== 'quarantined') return { ok: false, reason: 'not_quarantined' };
    if (action === 'release' && !m.inquiry_id) return { ok: false, reason: 'no_inquiry' };
    const now = deps.clock.now();
    const who = { inboundMessageId, actorId: staff.id, actorName: staff.name };
    let disposition: 'released' | 'dropped' | 'new_inquiry' = action === 'drop' ? 'dropped' : 'released';
    if (m.inquiry_id) {
      // The release/drop event first; a release then writes the usual follow_up or note after it.
      const inquiry = (await lockInquiry(trx, m.inquiry_id))!;
      const version = inquiry.version + 1;
      await updateInquiryRow(trx, inquiry.id, { version, updated_at: now });
      await insertEvent(trx, { inquiryId: inquiry.id, kind: action === 'drop' ? 'email_dropped' : 'email_released', data: { ...who, version }, at: now });
    }
    if (action === 'release') {
      const delivered = await deliverReleased(trx, deps, { id: m.id, inquiryId: m.inquiry_id!, side: m.side ?? 'reporter', raw: gunzipSync(m.raw_gzip) }, { staffUserId: staff.id }, now);
      if (delivered.disposition === 'new_inquiry') disposition = 'new_inquiry';
    }
    await setInboundDisposition(trx, m.id, { disposition, handled_by: staff.id, handled_at: now });
    await audit(trx, {
      at: now,
      actorId: staff.id,
      action: `inbound.${action}`,
      targetType: 'inbound_message',
      targetId: m.id,
      detail: { inquiryId: m.inquiry_id },
      clientHash: actor.clientHash,
    });
    return { ok: true, disposition, inquiryId: m.inquiry_id };
  });
}

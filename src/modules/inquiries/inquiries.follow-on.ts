import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { JobQueue } from '../../db/queue.js';
import { linkHashes, newLinkNonce, privateLinks } from '../../lib/link-tokens.js';
import { deferDigestAlerts } from '../notifications/index.js';
import { queueEmails } from '../mail/index.js';
import { decide, officePhone, type DirectoryCache } from '../routing/index.js';
import { intakeEmails } from './inquiries.emails.js';
import { followedInquiry } from './inquiries.follow-on.repository.js';
import { routedColumns } from './inquiries.routed-columns.js';
import { addInquiryEvents, insertIntake } from './inquiries.repository.js';

export interface FollowOnDeps {
  queue: JobQueue;
  config: Config;
  clock: { now(): Date };
  directory: DirectoryCache;
}

/**
 * A reporter wrote again about an inquiry closed long ago: a new inquiry with
 * the same reporter, subject and topic, routed afresh, pointing at the old one
 * (follows_inquiry_id), whose history says where the conversation went. The
 * office is alerted as for any new inquiry; the reporter is not acknowledged
 * (they replied to an email, and robots must not answer robots). Runs in the
 * caller's transaction.
 */
export async function followOnInquiry(trx: Database, deps: FollowOnDeps, oldId: string, message: string, now: Date): Promise<{ id: string; reference: string }> {
  const old = await followedInquiry(trx, oldId);
  if (!old) throw new Error(`inquiry ${oldId} vanished`);
  const directory = await deps.directory.get();
  const decision = await decide(
    { db: trx, config: deps.config },
    { country: old.country, language: old.language, topic: old.topic, outletType: old.outlet_type, subject: old.subject, deadline: null, articleContactIds: [] },
    directory,
    now,
  );
  const office = directory.offices.find((o) => o.code === decision.officeCode)!;
  const contact = directory.officers.find((c) => c.id === decision.contactId) ?? null;
  const id = randomUUID();
  const link_nonce = newLinkNonce();
  const links = privateLinks(deps.config, { id, link_nonce });
  // Its emails follow in the same transaction, once the reference is known.
  const { reference } = await insertIntake(trx, {
    inquiry: {
      id,
      link_nonce,
      ...linkHashes(links),
      ...routedColumns(decision, office.id, now),
      name: old.name,
      email: old.email,
      phone: old.phone,
      outlet: old.outlet,
      outlet_type: old.outlet_type,
      country: old.country,
      language: old.language,
      topic: old.topic,
      article_id: old.article_id,
      subject: old.subject,
      message,
      deadline: null,
      involves_children: old.involves_children,
      privacy_notice_version: old.privacy_notice_version,
      consented_at: old.consented_at,
      source: old.source,
      follows_inquiry_id: old.id,
      created_at: now,
      updated_at: now,
    },
    year: now.getUTCFullYear(),
    events: [
      { kind: 'received', data: { source: 'email', followsInquiryId: old.id, followsReference: old.reference } },
      { kind: 'routed', data: { office: office.code, contactId: decision.contactId, priority: decision.priority, reasons: decision.reasons } },
    ],
    at: now,
  });
  await addInquiryEvents(trx, old.id, [{ kind: 'followed_up_by', data: { inquiryId: id, reference } }], now);
  const emails = intakeEmails(
    {
      id,
      reference,
      name: old.name,
      email: old.email,
      outlet: old.outlet,
      outletType: old.outlet_type,
      country: old.country,
      language: old.language,
      subject: old.subject,
      message,
      deadline: null,
      dueAt: decision.dueAt,
      priority: decision.priority,
      involvesChildren: old.involves_children,
      statusUrl: links.statusUrl,
      officePhone: officePhone(directory, office.code),
      replyTo: { reporter: links.reporterReplyTo, staff: links.staffReplyTo },
      reasons: decision.reasons,
    },
    office,
    contact,
    deps.config,
  )
    .filter((e) => e.kind !== 'acknowledgement')
    .map((e) => ({ ...e, createdAt: now }));
  await queueEmails(trx, deps, await deferDigestAlerts(trx, emails, now, await deps.directory.digestStaff()));
  return { id, reference };
}

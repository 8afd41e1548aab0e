import type { Transaction } from 'kysely';
import { renderEscalation } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import type { JobQueue } from '../../lib/queue.js';
import { queueEmails, type QueuedEmail } from '../mail/mail.outbox.js';
import { chooseOfficer } from '../routing/choose-officer.js';
import type { DirectoryCache } from '../routing/directory.cache.js';
import { isMember, lookupDirectory } from '../routing/directory-lookup.js';
import { openLoads } from '../routing/directory.repository.js';
import { dueTime } from '../routing/due-time.js';
import { dueEscalationStep, rerouteTarget, type EscalationStep } from './escalation.plan.js';
import {
  addEscalatedEvent,
  claimEscalationStep,
  contactName,
  escalationsDone,
  listOffices,
  lockInquiry,
  officeLeadEmails,
  rerouteInquiry,
  type LockedInquiry,
  type OfficeRow,
} from './escalation.repository.js';

export interface EscalationDeps {
  db: Database;
  queue: JobQueue;
  config: Config;
  logger: Logger;
  directory: DirectoryCache;
}

export interface EscalationOutcome {
  step: EscalationStep;
  /** Step 2: whether the inquiry moved to another office. */
  rerouted: boolean;
  notified: string[];
}

// RFC 3834: automatic mail, so auto-responders must not answer it.
const HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', Importance: 'high', 'X-Priority': '1 (Highest)' };

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * Does the escalation step that is due for one inquiry at `now`, if any, in
 * one transaction: the step row, the history event, the emails and (step 2)
 * the re-route commit together or not at all. The inquiry row is locked
 * (skipping it if another worker holds it) and the step row's primary key
 * decides who does a step, so concurrent runs never do one twice.
 */
export async function escalateInquiry(deps: EscalationDeps, inquiryId: string, now: Date): Promise<EscalationOutcome | null> {
  return deps.db.transaction().execute(async (trx) => {
    const inquiry = await lockInquiry(trx, inquiryId);
    if (!inquiry) return null;
    const done = await escalationsDone(trx, inquiry.id);
    const step = dueEscalationStep(
      { status: inquiry.status, dueAt: inquiry.due_at, firstResponseAt: inquiry.first_response_at },
      done,
      now,
      { rerouteAfterMinutes: deps.config.ESCALATION_REROUTE_AFTER_MINUTES },
    );
    if (step === null || !(await claimEscalationStep(trx, inquiry.id, step, now))) return null;

    const offices = await listOffices(trx);
    const office = offices.find((o) => o.id === inquiry.office_id)!;
    if (step === 1) return notifyLead(deps, trx, inquiry, office, now, 1);
    const { target, skipped } = rerouteTarget(
      offices.map((o) => ({ ...o, parentId: o.parent_id })),
      office.id,
    );
    if (!target) return notifyLead(deps, trx, inquiry, office, now, 2);
    return reroute(deps, trx, inquiry, office, target, skipped, now);
  });
}

/** Step 1, and step 2 when there is no office above: the office's leads (or its inbox) are told again. */
async function notifyLead(
  deps: EscalationDeps,
  trx: Transaction<DB>,
  inquiry: LockedInquiry,
  office: OfficeRow,
  now: Date,
  step: EscalationStep,
): Promise<EscalationOutcome> {
  const leads = await officeLeadEmails(trx, office.id);
  const notified = leads.length > 0 ? leads : [office.email];
  const rendered = renderEscalation({
    ...emailFacts(deps.config, inquiry, await contactName(trx, inquiry.contact_id)),
    step,
    rerouted: false,
    officeName: office.name,
    fromOfficeName: null,
    dueAt: inquiry.due_at,
    timeZone: office.time_zone,
  });
  await queueEmails(trx, deps, emailsTo(notified, inquiry, rendered));
  const data = step === 1 ? { step, notified } : { step, from: office.code, to: office.code, rerouted: false, notified };
  await addEscalatedEvent(trx, inquiry.id, now, data);
  return { step, rerouted: false, notified };
}

/** Step 2: the inquiry moves to the parent office, with an officer on duty there, a new due time and urgent priority. */
async function reroute(
  deps: EscalationDeps,
  trx: Transaction<DB>,
  inquiry: LockedInquiry,
  from: OfficeRow,
  to: OfficeRow,
  skipped: OfficeRow[],
  now: Date,
): Promise<EscalationOutcome> {
  const lookup = lookupDirectory(await deps.directory.get());
  const office = lookup.offices.get(to.code);
  // The cache lags a just-created office by one NOTIFY; failing now retries the step on the next run.
  if (!office) throw new Error(`office ${to.code} is not in the routing directory yet`);

  const minutes = deps.config.ESCALATION_REROUTE_AFTER_MINUTES;
  const via = skipped.map((o) => `${o.code} is inactive`).join('; ');
  const reasons = [
    `escalated: no first response at ${from.code} ${minutes} minutes after its lead was told the inquiry is overdue → ${to.code}${via ? ` (${via})` : ''}`,
  ];
  const members = lookup.directory.officers.filter((o) => o.active && isMember(o, to.code)).map((o) => o.id);
  const options = { deadlineMarginMinutes: deps.config.DEADLINE_MARGIN_MINUTES, loads: await openLoads(trx, members) };
  const routable = {
    country: inquiry.country,
    language: inquiry.language,
    topic: inquiry.topic,
    outletType: inquiry.outlet_type,
    subject: inquiry.subject,
    deadline: inquiry.deadline,
    articleContactIds: [],
  };
  const officer = chooseOfficer(routable, office, null, now, options, lookup, reasons);
  // Same rule as at intake: the office's response target, or the reporter's deadline when sooner; urgent either way.
  const { dueAt } = dueTime(office, inquiry.deadline, now, options, true, reasons);
  await rerouteInquiry(trx, inquiry.id, { officeId: to.id, contactId: officer?.id ?? null, dueAt, reasons, at: now });

  const leads = await officeLeadEmails(trx, to.id);
  const picked = unique([...leads, ...(officer ? [officer.email] : [])]);
  const notified = picked.length > 0 ? picked : [to.email];
  const rendered = renderEscalation({
    ...emailFacts(deps.config, inquiry, officer?.name ?? null),
    step: 2,
    rerouted: true,
    officeName: to.name,
    fromOfficeName: from.name,
    dueAt,
    timeZone: to.time_zone,
  });
  await queueEmails(trx, deps, emailsTo(notified, inquiry, rendered));
  await addEscalatedEvent(trx, inquiry.id, now, {
    step: 2,
    from: from.code,
    to: to.code,
    rerouted: true,
    contactId: officer?.id ?? null,
    dueAt: dueAt.toISOString(),
    notified,
    reasons,
  });
  return { step: 2, rerouted: true, notified };
}

function emailFacts(config: Config, inquiry: LockedInquiry, assignee: string | null) {
  return {
    reference: inquiry.reference,
    subject: inquiry.subject,
    reporterName: inquiry.name,
    reporterEmail: inquiry.email,
    outlet: inquiry.outlet,
    contactName: assignee,
    overdueSince: inquiry.due_at,
    deadline: inquiry.deadline,
    inquiryUrl: `${config.PUBLIC_BASE_URL}/desk/inquiries/${inquiry.id}`,
  };
}

function emailsTo(recipients: string[], inquiry: LockedInquiry, rendered: { subject: string; html: string; text: string }): QueuedEmail[] {
  // No Reply-To: an escalation is internal, and a lead answering it must not reach the reporter by accident.
  return recipients.map((to) => ({
    inquiryId: inquiry.id,
    kind: 'escalation',
    to,
    ...rendered,
    headers: { ...HEADERS, 'X-Pressdesk-Reference': inquiry.reference },
  }));
}

import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../app-env.js';
import { linkHashes, newLinkNonce, privateLinks } from '../../lib/link-tokens.js';
import { fieldError, validationError, type FieldError } from '../../lib/problem.js';
import { sha256 } from '../../lib/tokens.js';
import { findArticleForInquiry } from '../articles/index.js';
import { attachmentRows, formatBytes, type IncomingFile } from '../attachments/index.js';
import { notifyFollowUp, splitDigestAlerts } from '../notifications/index.js';
import { decide, officePhone } from '../routing/index.js';
import { intakeEmails } from './inquiries.emails.js';
import { routedColumns } from './inquiries.routed-columns.js';
import { referencePlaceholder } from './inquiries.reference.js';
import {
  addInquiryEvents,
  claimIdempotencyKey,
  findIdempotencyRecord,
  isIdempotencyKeyTaken,
  isUnknownTopic,
  type IdempotencyRecord,
  type NewInquiryEvent,
  lockInquiryByStatusToken,
  setStatusAndVersion,
  storeIdempotentResponse,
  topicExists,
} from './inquiries.repository.js';
import type { InquiryCreated, InquiryInput } from './inquiries.schemas.js';
import { hitAcknowledgement } from './intake.limits.js';
import { storeIntake } from './intake.write.js';
import { INTAKE_RULES, inquiriesErrors } from './inquiries.errors.js';

/** The app's dependencies: the acknowledgement cap counts in the app's shared rate-limit store. */
export type IntakeDeps = AppDeps;

export interface IntakeResult {
  body: InquiryCreated;
  /** True when an Idempotency-Key matched an earlier request and its answer is returned again. */
  replayed: boolean;
}

function canonicalHash(input: InquiryInput): string {
  const sorted = Object.fromEntries(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
  return sha256(JSON.stringify(sorted));
}

/** The stored answer has no status URL (it is a credential): it is rebuilt from the inquiry. */
type StoredAnswer = Omit<InquiryCreated, 'statusUrl'>;

function replay(
  config: AppDeps['config'],
  record: { request_hash: string; response_body: unknown; inquiry_id: string | null; link_nonce: string | null },
  hash: string,
): IntakeResult {
  if (record.request_hash !== hash) {
    throw inquiriesErrors.idempotencyKeyReused.error();
  }
  const stored = record.response_body as StoredAnswer;
  const { statusUrl } = privateLinks(config, { id: record.inquiry_id!, link_nonce: record.link_nonce! });
  return { body: { ...stored, statusUrl }, replayed: true };
}

const unknownTopic = (): FieldError => ({ ...fieldError('topic', 'is not a known topic'), rule: INTAKE_RULES.unknownTopic });

/**
 * Accepts an inquiry: checks what the schema cannot (clock, reference data),
 * routes it, and writes the inquiry, its history, files, emails and jobs in
 * one statement (storeIntake). Nothing is written when anything fails.
 */
export async function createInquiry(
  deps: IntakeDeps,
  input: InquiryInput,
  opts: {
    idempotencyKey?: string;
    /** What is already stored under the key, when the caller has looked (null: nothing yet). */
    earlier?: IdempotencyRecord | null;
    source: 'api' | 'form';
    /** The reporter's own IANA zone when the form asked for it; kept with the 'received' event for the status page. */
    reporterTimeZone?: string;
    /** Files from the form, already checked against the limits; stored in the inquiry's statement. */
    files?: IncomingFile[];
  },
): Promise<IntakeResult> {
  const { db, config, clock } = deps;
  const now = clock.now();
  const hash = canonicalHash(input);

  if (opts.idempotencyKey) {
    const earlier = opts.earlier !== undefined ? opts.earlier : await findIdempotencyRecord(db, opts.idempotencyKey);
    if (earlier) return replay(config, earlier, hash);
  }

  const errors: FieldError[] = [];
  const deadline = input.deadline ? new Date(input.deadline) : null;
  if (deadline && deadline <= now) errors.push({ ...fieldError('deadline', 'must be in the future'), rule: INTAKE_RULES.deadlinePast });
  const [topicCodes, article, directory, digestStaff] = await Promise.all([
    deps.directory.topicCodes(),
    input.articleSlug ? findArticleForInquiry(db, input.articleSlug, now) : null,
    deps.directory.get(),
    deps.directory.digestStaff(),
  ]);
  // A topic added in another process a moment ago may not be in this one's copy yet: the database decides.
  const topicOk = !input.topic || topicCodes.has(input.topic) || (await topicExists(db, input.topic));
  if (!topicOk) errors.push(unknownTopic());
  if (input.articleSlug && !article) errors.push({ ...fieldError('articleSlug', 'is not a published article'), rule: INTAKE_RULES.articleNotPublished });
  if (errors.length) throw validationError(errors, inquiriesErrors.intakeRejected);

  const decision = await decide(
    deps,
    {
      country: input.country,
      language: input.language,
      topic: input.topic ?? null,
      outletType: input.outletType ?? null,
      subject: input.subject,
      deadline,
      articleContactIds: article?.contactIds ?? [],
    },
    directory,
    now,
  );
  const office = directory.offices.find((o) => o.code === decision.officeCode)!;
  const contact = directory.officers.find((c) => c.id === decision.contactId) ?? null;
  // The id is chosen here: the private links are derived from it before the row is written.
  const id = randomUUID();
  const link_nonce = newLinkNonce();
  const links = privateLinks(config, { id, link_nonce });
  // Acknowledgements per address are capped: counted before anything is stored; over the cap the inquiry is still accepted, without the email.
  const acknowledge = hitAcknowledgement(deps, input.email).ok;

  // The reference is numbered by the database in the statement that stores the inquiry: what is
  // written with it (email subjects and data, the kept answer) holds a placeholder until then.
  const placeholder = referencePlaceholder();
  const { rows: files, stored: attachments } = attachmentRows({ inquiryId: id, source: 'form' }, opts.files ?? []);
  const events: NewInquiryEvent[] = [
    {
      kind: 'received',
      data: {
        source: opts.source,
        ...(opts.reporterTimeZone ? { timeZone: opts.reporterTimeZone } : {}),
        ...(attachments.length ? { attachments } : {}),
      },
    },
    {
      kind: 'routed',
      data: { office: office.code, contactId: decision.contactId, priority: decision.priority, reasons: decision.reasons },
    },
    ...(acknowledge ? [] : [{ kind: 'acknowledgement_withheld', data: { actorName: 'Pressdesk', limitPerHour: config.ACK_MAX_PER_ADDRESS_PER_HOUR } }]),
  ];
  const emails = intakeEmails(
    {
      id,
      reference: placeholder,
      name: input.name,
      email: input.email,
      outlet: input.outlet,
      outletType: input.outletType ?? null,
      country: input.country,
      language: input.language,
      subject: input.subject,
      message: input.message,
      deadline,
      dueAt: decision.dueAt,
      priority: decision.priority,
      involvesChildren: input.involvesChildren,
      statusUrl: links.statusUrl,
      officePhone: officePhone(directory, office.code),
      replyTo: { reporter: links.reporterReplyTo, staff: links.staffReplyTo },
      reasons: decision.reasons,
      attachments: attachments.map((a) => ({ filename: a.filename, size: formatBytes(a.size) })),
    },
    office,
    contact,
    config,
  )
    .filter((e) => acknowledge || e.kind !== 'acknowledgement')
    .map((e) => ({ ...e, createdAt: now }));
  const answer = (reference: string): InquiryCreated => ({
    id,
    reference,
    status: 'new',
    office: { code: office.code, name: office.name },
    contact: contact ? { name: contact.name, title: contact.title } : null,
    priority: decision.priority,
    dueAt: decision.dueAt.toISOString(),
    statusUrl: links.statusUrl,
  });
  // Kept under the Idempotency-Key without the status URL, which is a credential.
  const { statusUrl: _secret, ...kept } = answer(placeholder);
  // Officers who chose a digest get the alert in it instead (urgent ones always now).
  const { now: sendNow, digested } = splitDigestAlerts(emails, now, digestStaff);
  try {
    const row = await storeIntake(deps, {
      inquiry: {
        id,
        link_nonce,
        ...linkHashes(links),
        ...routedColumns(decision, office.id, now),
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        outlet: input.outlet,
        outlet_type: input.outletType ?? null,
        country: input.country,
        language: input.language,
        topic: input.topic ?? null,
        article_id: article?.id ?? null,
        subject: input.subject,
        message: input.message,
        deadline,
        involves_children: input.involvesChildren,
        privacy_notice_version: config.PRIVACY_NOTICE_VERSION,
        consented_at: now,
        source: opts.source,
        created_at: now,
        updated_at: now,
      },
      events,
      at: now,
      placeholder,
      files,
      emails: sendNow,
      digested,
      ...(opts.idempotencyKey ? { idempotency: { key: opts.idempotencyKey, hash, answer: JSON.stringify(kept satisfies StoredAnswer) } } : {}),
    });
    return { body: { ...answer(row.reference), status: row.status }, replayed: false };
  } catch (err) {
    // Another request with the same key committed first: its answer is the answer.
    if (opts.idempotencyKey && isIdempotencyKeyTaken(err)) {
      const winner = await findIdempotencyRecord(db, opts.idempotencyKey);
      if (winner) return replay(config, winner, hash);
    }
    // The topic was deleted after this process's copy of the directory said it existed.
    if (isUnknownTopic(err)) throw validationError([unknownTopic()], inquiriesErrors.intakeRejected);
    throw err;
  }
}

const REOPENS = new Set(['answered', 'waiting', 'closed']);

export type FollowUpOutcome = 'added' | 'replayed' | 'conflict' | 'not_found';

/**
 * A reporter writes again from the status page: the message joins the thread,
 * an answered, waiting or closed inquiry is open again, the desk's version
 * moves on (an officer mid-reply is warned), and the officer is told — all in
 * one transaction.
 *
 * With an idempotency key (the follow-up form's one-time token) the key is
 * claimed in that transaction, after the inquiry's lock: the same form posted
 * again, also concurrently, is 'replayed' and adds nothing; the same key with
 * another message is a 'conflict' and adds nothing either.
 */
export async function addFollowUp(deps: IntakeDeps, token: string, message: string, opts: { idempotencyKey?: string } = {}): Promise<FollowUpOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inquiry = await lockInquiryByStatusToken(trx, token);
    if (!inquiry) return 'not_found';
    const key = opts.idempotencyKey;
    const hash = sha256(JSON.stringify({ inquiry: inquiry.id, message }));
    if (key && !(await claimIdempotencyKey(trx, key, hash))) {
      const earlier = await findIdempotencyRecord(trx, key);
      return earlier?.request_hash === hash ? 'replayed' : 'conflict';
    }
    const next = inquiry.version + 1;
    const status = REOPENS.has(inquiry.status) ? 'open' : inquiry.status;
    await setStatusAndVersion(trx, inquiry.id, status, next, now);
    await addInquiryEvents(
      trx,
      inquiry.id,
      [{ kind: 'follow_up', data: { message, actorName: inquiry.name, source: 'status_page', from: inquiry.status, to: status, version: next } }],
      now,
    );
    await notifyFollowUp(trx, deps, inquiry.id);
    if (key) await storeIdempotentResponse(trx, key, inquiry.id, 303, { followUp: true });
    return 'added';
  });
}

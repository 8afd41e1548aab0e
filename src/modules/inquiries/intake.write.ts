import type { RawBuilder } from 'kysely';
import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { attachmentsInsert, type NewAttachmentRow } from '../attachments/index.js';
import { emailsInsert, outboxRows, type QueuedEmail } from '../mail/index.js';
import { digestItemsInsert, type DigestItem } from '../notifications/index.js';
import { insertIntake, type IntakeWrite, type NewInquiryEvent } from './inquiries.repository.js';

/** Everything a new inquiry brings, ready to store; text that names its reference holds `placeholder`. */
export interface NewIntake {
  inquiry: IntakeWrite['inquiry'];
  /** Its first events, stamped with `at` like the inquiry, so the desk's thread orders them with later actions. */
  events: NewInquiryEvent[];
  at: Date;
  placeholder: string;
  /** The form's files (attachmentRows). */
  files: NewAttachmentRow[];
  emails: QueuedEmail[];
  /** Alerts filed for officers' digests instead of emails. */
  digested: DigestItem[];
  idempotency?: IntakeWrite['idempotency'];
}

/**
 * Stores a new inquiry with everything it brings in one statement, without a
 * transaction: the inquiry, its events, files, emails, digest entries, send
 * jobs and Idempotency-Key. A queue that cannot put its jobs into a statement
 * gets them added one by one, in a transaction around the statement.
 */
export async function storeIntake(deps: Pick<AppDeps, 'db' | 'queue' | 'config'>, intake: NewIntake) {
  const outbox = outboxRows(deps, intake.emails);
  const write = (executor: Executor, jobs: RawBuilder<number> | null) =>
    insertIntake(executor, {
      inquiry: intake.inquiry,
      year: intake.at.getUTCFullYear(),
      events: intake.events,
      at: intake.at,
      placeholder: intake.placeholder,
      writes: (fill) => [
        ...(intake.files.length ? [attachmentsInsert(executor, intake.files)] : []),
        ...(outbox.rows.length ? [emailsInsert(executor, outbox.rows, fill)] : []),
        ...(intake.digested.length ? [digestItemsInsert(executor, intake.digested)] : []),
      ],
      jobs,
      ...(intake.idempotency ? { idempotency: intake.idempotency } : {}),
    });
  const { queue } = deps;
  if (queue.expression) return write(deps.db, outbox.jobs.length ? queue.expression(outbox.jobs) : null);
  return deps.db.transaction().execute(async (trx) => {
    const row = await write(trx, null);
    for (const job of outbox.jobs) await queue.add(trx, job.task, job.payload, job.opts);
    return row;
  });
}

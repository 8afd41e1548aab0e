import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { EscalationsDone, EscalationStep } from './escalation.plan.js';

export interface OverdueCursor {
  dueAt: Date;
  id: string;
}

/**
 * Candidates for escalation, oldest due first, keyset-paged on (due_at, id).
 * The status / first-response condition is written literally (not as
 * parameters) so the planner can match the `inquiries_overdue` partial index.
 * Inquiries with nothing due (step 2 done, or step 1 too recent) are left out
 * so they are not re-read every minute; the plan decides per inquiry anyway.
 */
export function overdueBatchQuery(db: Executor, now: Date, rerouteAfterMinutes: number, limit: number, after: OverdueCursor | null) {
  const stepOneBefore = new Date(now.getTime() - rerouteAfterMinutes * 60_000);
  let q = db
    .selectFrom('inquiries as i')
    .select(['i.id', 'i.due_at'])
    .where(sql<boolean>`i.first_response_at is null and i.status in ('new', 'open')`)
    .where('i.due_at', '<', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('inquiry_escalations as e')
            .select(sql`1`.as('one'))
            .whereRef('e.inquiry_id', '=', 'i.id')
            .where((eb) => eb.or([eb('e.step', '=', 2), eb.and([eb('e.step', '=', 1), eb('e.created_at', '>', stepOneBefore)])])),
        ),
      ),
    );
  if (after) q = q.where(sql<boolean>`(i.due_at, i.id) > (${after.dueAt}, ${after.id})`);
  return q.orderBy('i.due_at').orderBy('i.id').limit(limit);
}

/** The inquiry, locked for this transaction; undefined if another worker holds it (or it is gone). */
export async function lockInquiry(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('inquiries')
    .select([
      'id',
      'reference',
      'status',
      'priority',
      'due_at',
      'first_response_at',
      'office_id',
      'contact_id',
      'name',
      'email',
      'outlet',
      'outlet_type',
      'country',
      'language',
      'topic',
      'subject',
      'deadline',
      'link_nonce',
      'holding_note_sent_at',
      'reporter_bouncing_at',
    ])
    .where('id', '=', id)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export type LockedInquiry = NonNullable<Awaited<ReturnType<typeof lockInquiry>>>;

export async function escalationsDone(db: Executor, inquiryId: string): Promise<EscalationsDone> {
  const rows = await db.selectFrom('inquiry_escalations').select(['step', 'created_at']).where('inquiry_id', '=', inquiryId).execute();
  return {
    step1At: rows.find((r) => r.step === 1)?.created_at ?? null,
    step2At: rows.find((r) => r.step === 2)?.created_at ?? null,
  };
}

/**
 * Records that a step is done. The primary key (inquiry_id, step) decides who
 * does a step: false means another transaction already did (or is doing) it.
 */
export async function claimEscalationStep(db: Executor, inquiryId: string, step: EscalationStep, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('inquiry_escalations')
    .values({ inquiry_id: inquiryId, step, created_at: at })
    .onConflict((oc) => oc.columns(['inquiry_id', 'step']).doNothing())
    .returning('step')
    .executeTakeFirst();
  return row !== undefined;
}

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  email: string;
  time_zone: string;
  parent_id: string | null;
  active: boolean;
  mail_display_name: string | null;
}

export async function listOffices(db: Executor): Promise<OfficeRow[]> {
  return db.selectFrom('offices').select(['id', 'code', 'name', 'email', 'time_zone', 'parent_id', 'active', 'mail_display_name']).execute();
}

/** Email addresses of the office's active leads, in a stable order. */
export async function officeLeadEmails(db: Executor, officeId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('office_members as m')
    .innerJoin('contacts as c', 'c.id', 'm.contact_id')
    .select('c.email')
    .where('m.office_id', '=', officeId)
    .where('m.role', '=', 'lead')
    .where('c.active', '=', true)
    .orderBy('c.position')
    .orderBy('c.email')
    .execute();
  return rows.map((r) => r.email);
}

export async function contactName(db: Executor, contactId: string | null): Promise<string | null> {
  if (contactId === null) return null;
  const row = await db.selectFrom('contacts').select('name').where('id', '=', contactId).executeTakeFirst();
  return row?.name ?? null;
}

export async function addEscalatedEvent(db: Executor, inquiryId: string, at: Date, data: Record<string, unknown>): Promise<void> {
  await db.insertInto('inquiry_events').values({ inquiry_id: inquiryId, kind: 'escalated', data: JSON.stringify(data), created_at: at }).execute();
}

export async function rerouteInquiry(
  db: Executor,
  inquiryId: string,
  values: { officeId: string; contactId: string | null; dueAt: Date; reasons: string[]; at: Date },
): Promise<void> {
  await db
    .updateTable('inquiries')
    .set({
      office_id: values.officeId,
      contact_id: values.contactId,
      due_at: values.dueAt,
      priority: 'urgent',
      routing: JSON.stringify({ reasons: values.reasons, decidedAt: values.at.toISOString() }),
      updated_at: values.at,
    })
    .where('id', '=', inquiryId)
    .execute();
}

/**
 * Marks the holding note sent, in the transaction that queues it: true for the one
 * caller that set it, false when it was set already (the note is never sent twice).
 */
export async function claimHoldingNote(db: Executor, inquiryId: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('inquiries')
    .set({ holding_note_sent_at: at })
    .where('id', '=', inquiryId)
    .where('holding_note_sent_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}


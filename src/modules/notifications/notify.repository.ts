import type { Executor } from '../../db/database.js';

/** What a staff notice says about the inquiry, with the office it is with now and its assignee's address. */
export async function noticeRowOf(db: Executor, inquiryId: string) {
  return db
    .selectFrom('inquiries as i')
    .innerJoin('offices as o', 'o.id', 'i.office_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'i.id',
      'i.link_nonce',
      'i.reference',
      'i.priority',
      'i.subject',
      'i.name',
      'i.outlet',
      'i.due_at',
      'i.involves_children',
      'o.name as office_name',
      'o.mail_display_name',
      'o.email as office_email',
      'o.time_zone',
      'o.duty_contact_id',
      'c.email as contact_email',
    ])
    .where('i.id', '=', inquiryId)
    .executeTakeFirst();
}

/** One entry of the inquiry's history (who was told of a follow-up); `data` is stored as JSON. */
export async function insertInquiryEvent(db: Executor, e: { inquiryId: string; kind: string; data: unknown; at: Date }) {
  await db.insertInto('inquiry_events').values({ inquiry_id: e.inquiryId, kind: e.kind, data: JSON.stringify(e.data), created_at: e.at }).execute();
}

/** The office's duty officer's address, unless nobody is on duty or they left the directory. */
export async function dutyOfficerEmail(db: Executor, dutyContactId: string | null): Promise<string | null> {
  if (!dutyContactId) return null;
  const row = await db.selectFrom('contacts').select('email').where('id', '=', dutyContactId).where('active', '=', true).executeTakeFirst();
  return row?.email ?? null;
}

import type { Executor } from '../../db/database.js';

// The addresses staff allowed to write on the reporter's side of an inquiry
// (a colleague of the reporter, their editor) besides the reporter's own.
// The inbound pipeline reads the same table when it checks a sender.

export async function reporterAddressesOf(db: Executor, inquiryId: string) {
  return db
    .selectFrom('inquiry_reporter_addresses as a')
    .leftJoin('staff_users as u', 'u.id', 'a.added_by')
    .select(['a.address', 'a.created_at', 'u.name as added_by_name'])
    .where('a.inquiry_id', '=', inquiryId)
    .orderBy('a.created_at')
    .orderBy('a.address')
    .execute();
}
export type ReporterAddress = Awaited<ReturnType<typeof reporterAddressesOf>>[number];

/** False when the address was on the list already (nothing changes). */
export async function insertReporterAddress(db: Executor, a: { inquiryId: string; address: string; addedBy: string; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('inquiry_reporter_addresses')
    .values({ inquiry_id: a.inquiryId, address: a.address, added_by: a.addedBy, created_at: a.at })
    .onConflict((oc) => oc.columns(['inquiry_id', 'address']).doNothing())
    .returning('address')
    .executeTakeFirst();
  return !!row;
}

/** False when the address was not on the list. */
export async function deleteReporterAddress(db: Executor, inquiryId: string, address: string): Promise<boolean> {
  const rows = await db.deleteFrom('inquiry_reporter_addresses').where('inquiry_id', '=', inquiryId).where('address', '=', address).returning('address').execute();
  return rows.length > 0;
}

export async function countReporterAddresses(db: Executor, inquiryId: string): Promise<number> {
  const row = await db.selectFrom('inquiry_reporter_addresses').select((eb) => eb.fn.countAll<string>().as('n')).where('inquiry_id', '=', inquiryId).executeTakeFirstOrThrow();
  return Number(row.n);
}

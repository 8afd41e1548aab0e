import type { Executor } from '../../db/database.js';

// Canned answers belong to an office: every statement names the office, so one
// office's answers are never read or changed through another's address.

export async function officeByCode(db: Executor, code: string) {
  return db.selectFrom('offices').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function cannedAnswersOfOffice(db: Executor, officeId: string) {
  return db.selectFrom('canned_answers').select(['id', 'title', 'body']).where('office_id', '=', officeId).orderBy('title').execute();
}

/** The answer's id if it is this office's; the caller checked the id is a uuid. */
export async function findCannedAnswerOfOffice(db: Executor, officeId: string, id: string) {
  return db.selectFrom('canned_answers').select('id').where('id', '=', id).where('office_id', '=', officeId).executeTakeFirst();
}

export interface CannedText {
  title: string;
  body: string;
}

export async function insertCannedAnswer(db: Executor, officeId: string, text: CannedText, at: Date): Promise<string> {
  const r = await db.insertInto('canned_answers').values({ office_id: officeId, ...text, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCannedAnswer(db: Executor, id: string, text: CannedText, at: Date) {
  await db.updateTable('canned_answers').set({ ...text, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteCannedAnswer(db: Executor, id: string) {
  await db.deleteFrom('canned_answers').where('id', '=', id).execute();
}

import type { Executor } from '../../db/database.js';

export async function insertSession(db: Executor, s: { idHash: string; userId: string; csrf: string; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrf, created_at: s.now, last_seen_at: s.now, expires_at: s.expiresAt })
    .execute();
}

/** The session and whether its user is still active, read together so one query decides. */
export function findSessionWithUser(db: Executor, idHash: string) {
  return db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.csrf_token', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.active'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSessionByHash(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
}

/** Sign out everywhere, and what disabling an account does. */
export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

/** Sessions of accounts whose password was changed underneath them. */
export async function deleteSessionsOfUsers(db: Executor, userIds: string[]): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', 'in', userIds).execute();
}

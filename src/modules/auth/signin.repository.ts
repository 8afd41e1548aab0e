import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

const lowerEmail = sql<string>`lower(email)`;

/** The account a typed address names, active or not (the address is already normalised). */
export function findStaffForPassword(db: Executor, email: string) {
  return db.selectFrom('staff_users').select(['id', 'password_hash', 'active']).where(lowerEmail, '=', email).executeTakeFirst();
}

export function findActiveStaffByEmail(db: Executor, email: string) {
  return db.selectFrom('staff_users').select(['id', 'name', 'email']).where(lowerEmail, '=', email).where('active', '=', true).executeTakeFirst();
}

export async function insertSignInLink(db: Executor, link: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sign_in_links').values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt }).execute();
}

/** Whose a link is, if it is unused, unexpired and its account active; reads only (GET must not use it). */
export function findLiveSignInLinkOwner(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('sign_in_links as l')
    .innerJoin('staff_users as u', 'u.id', 'l.user_id')
    .select('u.name')
    .where('l.token_hash', '=', tokenHash)
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', now)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Marks a live link used and names its account; the WHERE used_at IS NULL makes a second use, even a concurrent one, find nothing. */
export function useSignInLink(db: Executor, tokenHash: string, now: Date) {
  return db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('user_id', 'in', (eb) => eb.selectFrom('staff_users').select('id').where('active', '=', true))
    .returning('user_id')
    .executeTakeFirst();
}

export function getStaffEmail(db: Executor, userId: string) {
  return db.selectFrom('staff_users').select(['id', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
}

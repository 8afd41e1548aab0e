import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

const lowerEmail = sql<string>`lower(email)`;

/** The account a typed address names, active or not (the address is already normalised). */
export function findStaffForPassword(db: Database, email: string) {
  return db.selectFrom('staff_users').select(['id', 'password_hash', 'active']).where(lowerEmail, '=', email).executeTakeFirst();
}

export function findActiveStaffByEmail(db: Database, email: string) {
  return db.selectFrom('staff_users').select(['id', 'name', 'email']).where(lowerEmail, '=', email).where('active', '=', true).executeTakeFirst();
}

export async function insertSignInLink(db: Database, link: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sign_in_links').values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt }).execute();
}

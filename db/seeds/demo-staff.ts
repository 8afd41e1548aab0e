import type { Transaction } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';

// Demo desk accounts: one per press officer in the directory, and an admin.
// They share one password: DEMO_PASSWORD, else one made per install (npm start prints it).
export const DEMO_STAFF = [
  { email: 'dale.rutstein@example.org', name: 'Dale Rutstein', admin: false },
  { email: 'indra.nadchatram@example.org', name: 'Indra Kumari Nadchatram', admin: false },
  { email: 'juana.jaafar@example.org', name: 'Juana Jaafar', admin: false },
  { email: 'pim.rattanakul@example.org', name: 'Pim Rattanakul', admin: false },
  { email: 'alex.morgan@example.org', name: 'Alex Morgan', admin: false },
  { email: 'desk.admin@example.org', name: 'Desk Admin', admin: true },
] as const;

export async function seedDemoStaff(trx: Transaction<DB>, password: string): Promise<void> {
  const existing = await trx.selectFrom('staff_users').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const passwordHash = await hashPassword(password);
  const contacts = Object.fromEntries((await trx.selectFrom('contacts').select(['id', 'email']).execute()).map((c) => [c.email, c.id]));
  await trx
    .insertInto('staff_users')
    .values(DEMO_STAFF.map((s) => ({ email: s.email, name: s.name, password_hash: passwordHash, is_admin: s.admin, contact_id: contacts[s.email] ?? null })))
    .execute();
}

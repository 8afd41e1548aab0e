import { DEMO_STAFF } from '../../../db/seeds/demo-staff.js';
import type { Database } from '../../db/database.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { deleteSessionsOfUsers } from './sessions.repository.js';
import { mostSharedPasswordHash, replacePasswordHash, staffEmailExists } from './staff.repository.js';

/** The demo seed's admin; its presence says the demo desk accounts exist (so start-up prints how to sign in). */
const DEMO_ADMIN_EMAIL = 'desk.admin@example.org';

export function hasDemoAccounts(db: Database): Promise<boolean> {
  return staffEmailExists(db, DEMO_ADMIN_EMAIL);
}

// Installs seeded before the password was per install share this one, which was
// published in the README; it must stop working.
const OLD_PUBLISHED_PASSWORD = 'pressdesk-demo';

/**
 * Demo accounts still on the old published password get `password` instead
 * (and lose their sessions). One argon2 check per start: the seed gave every
 * demo account the same hash, so only the most common one is tried.
 */
export async function retireOldDemoPassword(db: Database, password: string): Promise<number> {
  if (password === OLD_PUBLISHED_PASSWORD) return 0;
  const emails = DEMO_STAFF.map((s) => s.email);
  const shared = await mostSharedPasswordHash(db, emails);
  if (!shared || !(await verifyPassword(shared, OLD_PUBLISHED_PASSWORD))) return 0;
  const newHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const changed = await replacePasswordHash(trx, emails, shared, newHash);
    if (changed.length) await deleteSessionsOfUsers(trx, changed);
    return changed.length;
  });
}

import type { Database } from '../../db/database.js';

/** The newest captured (or still queued) emails, for the mailbox list. */
export function listMailbox(db: Database, limit = 200) {
  return db
    .selectFrom('emails')
    .select(['id', 'kind', 'to_address', 'subject', 'status', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function findMailboxEmail(db: Database, id: string) {
  return db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
}

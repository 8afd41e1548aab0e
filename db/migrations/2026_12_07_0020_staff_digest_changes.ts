import { type Kysely, sql } from 'kysely';

// Which officers take new-inquiry alerts in a digest is cached with the routing
// directory (intake reads it on every inquiry): a change of an account's
// choice, address or activity notifies the directory's listeners as a change of
// the directory tables does (directory_changed, migration 0004). Other account
// updates (passwords, sign-ins) do not.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger staff_users_directory_changed
    after insert or update of notify, active, email or delete or truncate on staff_users
    for each statement execute function directory_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger staff_users_directory_changed on staff_users`.execute(db);
}

import type { Kysely } from 'kysely';

// A second post of the same share form (a double click, a browser retry)
// carries the same ALTCHA solution. The hash of what the first post asked to
// send is kept with the used solution, so the repeat is answered as sent and
// sends nothing, while any other use of the solution is still refused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('altcha_solutions').addColumn('request_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('altcha_solutions').dropColumn('request_hash').execute();
}

import type { Executor } from '../../db/database.js';
import type { TokenRole } from '../../db/schema.js';

export async function insertApiToken(db: Executor, t: { name: string; role: TokenRole; tokenHash: string }): Promise<void> {
  await db.insertInto('api_tokens').values({ name: t.name, role: t.role, token_hash: t.tokenHash }).execute();
}

/** The same token registered again (each start with ADMIN_TOKEN) leaves the first row as it is. */
export async function insertApiTokenIfAbsent(db: Executor, t: { name: string; role: TokenRole; tokenHash: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ name: t.name, role: t.role, token_hash: t.tokenHash })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export function findUnrevokedApiToken(db: Executor, tokenHash: string) {
  return db.selectFrom('api_tokens').select(['id', 'role']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

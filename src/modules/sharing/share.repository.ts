import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { Language } from '../../db/schema.js';
import { sha256 } from '../../lib/tokens.js';

/** What the shared-article email shows; null when the slug is unknown or not published. */
export async function findShareableArticle(db: Executor, slug: string, now: Date) {
  return (
    (await db
      .selectFrom('articles')
      .select(['id', 'slug', 'title', 'dateline', 'body'])
      .where('slug', '=', slug)
      .where('published_at', '<=', now)
      .executeTakeFirst()) ?? null
  );
}

/** Which of these address hashes asked never to get shared articles. */
export async function optedOut(db: Executor, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db.selectFrom('share_opt_outs').select('address_hash').where('address_hash', 'in', hashes).execute();
  return new Set(rows.map((r) => r.address_hash));
}

export interface NewShare {
  articleId: string;
  senderHash: string;
  clientHash: string;
  language: Language;
  via: 'form' | 'api';
  createdAt: Date;
  /** The mailed recipients: address hash and the hash of their unsubscribe token. */
  recipients: { addressHash: string; unsubscribeHash: string }[];
}

export async function insertShare(trx: Executor, share: NewShare): Promise<string> {
  const { id } = await trx
    .insertInto('shares')
    .values({
      article_id: share.articleId,
      sender_hash: share.senderHash,
      client_hash: share.clientHash,
      language: share.language,
      via: share.via,
      recipients: share.recipients.length,
      created_at: share.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (share.recipients.length > 0) {
    await trx
      .insertInto('share_recipients')
      .values(share.recipients.map((r) => ({ share_id: id, address_hash: r.addressHash, unsubscribe_hash: r.unsubscribeHash })))
      .execute();
  }
  return id;
}

/** The recipient an unsubscribe token was made for, and the language they were written to. */
export async function findByUnsubscribeToken(db: Executor, token: string) {
  return (
    (await db
      .selectFrom('share_recipients as r')
      .innerJoin('shares as s', 's.id', 'r.share_id')
      .select(['r.address_hash', 's.language'])
      .where('r.unsubscribe_hash', '=', sha256(token))
      .executeTakeFirst()) ?? null
  );
}

export async function optOut(db: Executor, addressHash: string, at: Date): Promise<void> {
  await db
    .insertInto('share_opt_outs')
    .values({ address_hash: addressHash, created_at: at })
    .onConflict((oc) => oc.column('address_hash').doNothing())
    .execute();
}

/** Shares per article for the desk: in the last 7 days and in all, with the messages sent. */
export async function shareCounts(db: Database, now: Date) {
  const since = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  return db
    .selectFrom('shares as s')
    .innerJoin('articles as a', 'a.id', 's.article_id')
    .select([
      'a.slug',
      'a.title',
      sql<number>`count(*) filter (where s.created_at > ${since})::int`.as('shares_7d'),
      sql<number>`count(*)::int`.as('shares_total'),
      sql<number>`coalesce(sum(s.recipients) filter (where s.created_at > ${since}), 0)::int`.as('messages_7d'),
      sql<number>`coalesce(sum(s.recipients), 0)::int`.as('messages_total'),
      sql<Date>`max(s.created_at)`.as('last_shared_at'),
    ])
    .groupBy(['a.id', 'a.slug', 'a.title'])
    .orderBy('shares_7d', 'desc')
    .orderBy('shares_total', 'desc')
    .orderBy('a.slug')
    .execute();
}

/**
 * The stored secret called `name`: `fresh` is kept when there is none yet, and
 * whichever process got there first wins, so every process reads the same value.
 */
export async function sharedSecret(db: Executor, name: string, fresh: string): Promise<string> {
  await db.insertInto('share_secrets').values({ name, value: fresh }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('share_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** The use of this ALTCHA solution (what the request that used it asked), or undefined while it is unused. */
export function findUsedSolution(db: Executor, challengeId: string) {
  return db.selectFrom('altcha_solutions').select('request_hash').where('challenge_id', '=', challengeId).executeTakeFirst();
}

/** Records the solution as used by this request; false when another request holds it. */
export async function insertUsedSolution(trx: Executor, challengeId: string, expiresAt: Date, requestHash: string): Promise<boolean> {
  const row = await trx
    .insertInto('altcha_solutions')
    .values({ challenge_id: challengeId, expires_at: expiresAt, request_hash: requestHash })
    .onConflict((oc) => oc.column('challenge_id').doNothing())
    .returning('challenge_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets used solutions that expired before `now`; how many went. */
export async function deleteExpiredSolutions(db: Executor, now: Date): Promise<number> {
  const r = await db.deleteFrom('altcha_solutions').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

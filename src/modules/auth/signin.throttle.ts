import { CompiledQuery } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppDeps } from '../../app-env.js';
import type { Database } from '../../db/database.js';

/** Every sign-in limit counts over this window (README: "per 15 minutes"). */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
// Created by the library on first use (CREATE TABLE IF NOT EXISTS): counters only, no personal data (keys are hashes).
const TABLE = 'login_throttle';

interface Limiters {
  /** Every attempt from one client address (sign-in, link request, link use). */
  client: RateLimiterPostgres;
  /** Failed password attempts per email address, known or not (so 429 says nothing about existence). */
  account: RateLimiterPostgres;
  /** Sign-in link emails per account, so nobody can flood a colleague's inbox. */
  link: RateLimiterPostgres;
}

/**
 * rate-limiter-flexible's Postgres store talks to a pg Pool's `query({text, values})`.
 * The app only has Kysely (and, with the embedded database, no DATABASE_URL to open
 * a second pool from), so this hands the library's own SQL to Kysely's pool.
 */
function kyselyStore(db: Database) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const r = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      // The store reads rowCount for SELECT (found?) and DELETE (deleted?).
      return { rows: r.rows, rowCount: r.numAffectedRows !== undefined ? Number(r.numAffectedRows) : r.rows.length };
    },
  };
}

const cache = new WeakMap<AppDeps, Promise<Limiters>>();

function build(deps: AppDeps): Promise<Limiters> {
  const storeClient = kyselyStore(deps.db);
  const common = { storeClient, storeType: 'pool', tableName: TABLE, duration: THROTTLE_WINDOW_SECONDS };
  return new Promise<RateLimiterPostgres>((resolve, reject) => {
    // The first limiter creates the table; the callback says when it is there.
    const client: RateLimiterPostgres = new RateLimiterPostgres(
      { ...common, keyPrefix: 'client', points: deps.config.LOGIN_MAX_PER_CLIENT },
      (err?: unknown) => (err ? reject(err) : resolve(client)),
    );
  }).then((client) => {
    // Same table: no second CREATE, and one expiry sweeper is enough.
    const more = { ...common, tableCreated: true, clearExpiredByTimeout: false };
    return {
      client,
      account: new RateLimiterPostgres({ ...more, keyPrefix: 'account', points: deps.config.LOGIN_MAX_PER_ACCOUNT }),
      link: new RateLimiterPostgres({ ...more, keyPrefix: 'link', points: deps.config.LOGIN_MAX_PER_ACCOUNT }),
    };
  });
}

function limiters(deps: AppDeps): Promise<Limiters> {
  let p = cache.get(deps);
  if (!p) {
    p = build(deps);
    // A database that was down at the first sign-in must not leave the limiter broken for good.
    p.catch(() => cache.delete(deps));
    cache.set(deps, p);
  }
  return p;
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

async function hit(limiter: RateLimiterPostgres, key: string): Promise<Verdict> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (err) {
    // The library rejects with a RateLimiterRes when over the limit, with an Error when the store failed.
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}

/** Counts one attempt from this client address (a hash); over LOGIN_MAX_PER_CLIENT → refused. */
export async function hitClient(deps: AppDeps, clientHash: string): Promise<Verdict> {
  return hit((await limiters(deps)).client, clientHash);
}

/**
 * Counts one password attempt for this account key before the password is
 * checked, atomically, so parallel guesses cannot slip past the limit; a
 * successful sign-in resets it. Over LOGIN_MAX_PER_ACCOUNT → refused even
 * with the right password.
 */
export async function hitAccount(deps: AppDeps, accountKey: string): Promise<Verdict> {
  return hit((await limiters(deps)).account, accountKey);
}

export async function resetAccount(deps: AppDeps, accountKey: string): Promise<void> {
  await (await limiters(deps)).account.delete(accountKey);
}

export async function hitLinkEmail(deps: AppDeps, userId: string): Promise<Verdict> {
  return hit((await limiters(deps)).link, userId);
}

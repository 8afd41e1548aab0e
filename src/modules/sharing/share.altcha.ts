import { createHmac, randomBytes } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { deleteExpiredSolutions, findUsedSolution, insertUsedSolution, sharedSecret } from './share.repository.js';

/**
 * The self-hosted ALTCHA proof of work (altcha-lib v2, widget altcha v3).
 * Challenges are HMAC-signed and carry their expiry, so any app process can
 * check a solution; each solution is good once (table altcha_solutions).
 *
 * Deterministic mode: the server draws the secret counter and signs the key it
 * derives, so checking a solution is one HMAC, while finding it takes the
 * client `counter × cost` PBKDF2 rounds.
 */

export const ALTCHA_ALGORITHM = 'PBKDF2/SHA-256';

interface AltchaKeys {
  signature: string;
  keySignature: string;
}

const keysByDb = new WeakMap<Database, Promise<AltchaKeys>>();

/** Two purpose-bound secrets derived from one master key. */
function deriveKeys(master: string): AltchaKeys {
  const sub = (purpose: string) => createHmac('sha256', master).update(`pressdesk-altcha:${purpose}`).digest('hex');
  return { signature: sub('challenge-signature'), keySignature: sub('key-signature') };
}

/**
 * ALTCHA_HMAC_KEY when set; otherwise a random key generated once and kept in
 * share_secrets — the first process to ask inserts it, every other reads the
 * same row, so several app processes accept each other's challenges.
 */
async function masterKey(db: Database, config: Config): Promise<string> {
  if (config.ALTCHA_HMAC_KEY) return config.ALTCHA_HMAC_KEY;
  return sharedSecret(db, 'altcha-hmac-key', randomBytes(32).toString('base64url'));
}

function altchaKeys(db: Database, config: Config): Promise<AltchaKeys> {
  let keys = keysByDb.get(db);
  if (!keys) {
    keys = masterKey(db, config).then(deriveKeys);
    // A failed lookup (database down) is not cached: the next request tries again.
    keys.catch(() => keysByDb.delete(db));
    keysByDb.set(db, keys);
  }
  return keys;
}

/** A new signed challenge. Expiry is wall-clock time, as altcha-lib checks it with Date.now(). */
export async function newChallenge(db: Database, config: Config): Promise<Challenge> {
  const keys = await altchaKeys(db, config);
  const lo = Math.min(config.ALTCHA_COUNTER_MIN, config.ALTCHA_COUNTER_MAX);
  const hi = Math.max(config.ALTCHA_COUNTER_MIN, config.ALTCHA_COUNTER_MAX);
  return createChallenge({
    algorithm: ALTCHA_ALGORITHM,
    cost: config.ALTCHA_COST,
    counter: randomInt(hi, lo),
    deriveKey,
    expiresAt: new Date(Date.now() + config.ALTCHA_EXPIRE_MINUTES * 60_000),
    hmacSignatureSecret: keys.signature,
    hmacKeySignatureSecret: keys.keySignature,
  });
}

export type AltchaVerdict =
  | { ok: true; repeat: false; challengeId: string; expiresAt: Date }
  /** Used before by a request with this same hash: a repeat of that post (a double click, a browser retry). */
  | { ok: true; repeat: true }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'used' };

/** The widget's field: base64 of JSON `{challenge: {parameters, signature}, solution}`. */
function decodePayload(value: string): Payload | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  try {
    const p = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Payload;
    const ok =
      p && typeof p === 'object' &&
      p.challenge && typeof p.challenge === 'object' &&
      p.challenge.parameters && typeof p.challenge.parameters === 'object' &&
      typeof p.challenge.signature === 'string' && /^[0-9a-f]{64}$/.test(p.challenge.signature) &&
      p.solution && typeof p.solution === 'object';
    return ok ? p : null;
  } catch {
    return null;
  }
}

/**
 * Checks a solution: ours (signature), not expired, solved, and not used
 * before — unless by a request with the same `requestHash`, which makes this
 * one its repeat. Read-only: the solution is marked used by `markSolutionUsed`
 * in the transaction that records the share.
 */
export async function checkSolution(db: Database, config: Config, value: string | undefined, requestHash: string): Promise<AltchaVerdict> {
  if (!value) return { ok: false, reason: 'missing' };
  const payload = decodePayload(value);
  if (!payload) return { ok: false, reason: 'invalid' };
  const { parameters, signature } = payload.challenge;
  // Only our own kind of challenge (the signature covers the parameters anyway).
  if (parameters.algorithm !== ALTCHA_ALGORITHM || typeof parameters.expiresAt !== 'number') return { ok: false, reason: 'invalid' };
  const keys = await altchaKeys(db, config);
  let result;
  try {
    result = await verifySolution({
      challenge: { parameters, signature },
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: keys.signature,
      hmacKeySignatureSecret: keys.keySignature,
    });
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (result.expired) return { ok: false, reason: 'expired' };
  if (!result.verified) return { ok: false, reason: 'invalid' };
  const used = await findUsedSolution(db, signature!);
  if (used) return used.request_hash === requestHash ? { ok: true, repeat: true } : { ok: false, reason: 'used' };
  return { ok: true, repeat: false, challengeId: signature!, expiresAt: new Date(parameters.expiresAt * 1000) };
}

/**
 * Marks a solution used by the request with this hash: 'marked' when this
 * request got it; when another got there first (a concurrent request waits on
 * the key until that one commits), 'repeat' if it asked the same, else 'used'.
 */
export async function markSolutionUsed(
  trx: Transaction<DB>,
  challengeId: string,
  expiresAt: Date,
  requestHash: string,
): Promise<'marked' | 'repeat' | 'used'> {
  if (await insertUsedSolution(trx, challengeId, expiresAt, requestHash)) return 'marked';
  const earlier = await findUsedSolution(trx, challengeId);
  return earlier?.request_hash === requestHash ? 'repeat' : 'used';
}

/** Forgets used solutions whose challenges have expired (they cannot be replayed any more). */
export async function purgeExpiredSolutions(db: Database): Promise<number> {
  return deleteExpiredSolutions(db, new Date());
}

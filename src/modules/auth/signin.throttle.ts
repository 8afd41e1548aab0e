import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { sha256 } from '../../lib/tokens.js';
import { consume, refund, reset, type LimitSpec, type Verdict } from '../../db/rate-limit.js';

export type { Verdict };

/**
 * Sign-in limits, after OWASP's advice that a lockout anyone can trigger is a
 * denial of service: what is refused (429) is always tied to the client
 * address asking — per (account, address) and per address — while attempts
 * at one account from everywhere only slow it down. Counters live in the
 * shared rate_limits table, so every app process sees the same counts; keys
 * are hashes or ids, never addresses.
 */
type ThrottleDeps = { db: Database; config: Config };

/** Every sign-in limit counts over this window (README: "per 15 minutes"), except the hourly link-email cap. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
/** The account counter never refuses; this only bounds the stored number. */
const NEVER_REFUSED = 1_000_000;
/** The first attempt past LOGIN_SLOWDOWN_AFTER waits this long, each further one twice as long, up to LOGIN_SLOWDOWN_MAX_MS. */
const FIRST_DELAY_MS = 250;

const window = (name: string, points: number): LimitSpec => ({ name, points, durationSeconds: THROTTLE_WINDOW_SECONDS });
const specs = (config: Config) => ({
  client: window('login-client', config.LOGIN_MAX_PER_CLIENT),
  pair: window('login-pair', config.LOGIN_MAX_PER_ACCOUNT_CLIENT),
  account: window('login-account', NEVER_REFUSED),
  linkPair: window('link-pair', config.LOGIN_MAX_PER_ACCOUNT_CLIENT),
  linkMinute: { name: 'link-email-minute', points: 1, durationSeconds: 60 },
  linkHour: { name: 'link-email-hour', points: config.SIGN_IN_LINK_EMAILS_PER_HOUR, durationSeconds: 3600 },
});

/** The account's throttle key: a hash of the typed address, the same whether or not such an account exists. */
export const accountKey = (email: string) => sha256(`pressdesk-account:${email.trim().toLowerCase()}`).slice(0, 40);

const pairKey = (account: string, clientHash: string) => `${account}:${clientHash}`;

/** How long to hold an attempt at an account that already had `failures` in the window. */
export function slowdownMs(failures: number, config: Pick<Config, 'LOGIN_SLOWDOWN_AFTER' | 'LOGIN_SLOWDOWN_MAX_MS'>): number {
  const over = failures - config.LOGIN_SLOWDOWN_AFTER;
  if (over < 0) return 0;
  return Math.min(config.LOGIN_SLOWDOWN_MAX_MS, FIRST_DELAY_MS * 2 ** Math.min(over, 20));
}

/** Counts one attempt from this client address: password, link request, link use; over LOGIN_MAX_PER_CLIENT → refused. */
export function hitClient(deps: ThrottleDeps, clientHash: string): Promise<Verdict> {
  return consume(deps, specs(deps.config).client, clientHash);
}

export type PasswordGate = { ok: false; retryAfterSeconds: number } | { ok: true; delayMs: number };

/**
 * Counts one password attempt before the password is checked, atomically, so
 * parallel guesses cannot slip past: per (account, client) over
 * LOGIN_MAX_PER_ACCOUNT_CLIENT → refused; per account only a delay, so the
 * owner signs in from elsewhere whatever others did. A success gives the
 * counts back (passwordAccepted), so only failures add up.
 */
export async function gatePassword(deps: ThrottleDeps, account: string, clientHash: string): Promise<PasswordGate> {
  const s = specs(deps.config);
  const pair = await consume(deps, s.pair, pairKey(account, clientHash));
  if (!pair.ok) return pair;
  const all = await consume(deps, s.account, account);
  const failuresBefore = all.ok ? NEVER_REFUSED - all.remaining - 1 : NEVER_REFUSED;
  return { ok: true, delayMs: slowdownMs(failuresBefore, deps.config) };
}

export async function passwordAccepted(deps: ThrottleDeps, account: string, clientHash: string): Promise<void> {
  const s = specs(deps.config);
  await Promise.all([reset(deps, s.pair, pairKey(account, clientHash)), reset(deps, s.account, account), refund(deps, s.client, clientHash)]);
}

/** Proving control of the mailbox (a link sign-in) also ends the account's slow-down. */
export function resetAccount(deps: ThrottleDeps, account: string): Promise<void> {
  return reset(deps, specs(deps.config).account, account);
}

export type LinkGate = { ok: false; retryAfterSeconds: number } | { ok: true; firstFromClient: boolean };

/** Counts one link request per (account, client); over LOGIN_MAX_PER_ACCOUNT_CLIENT → refused. The first one in the window is honoured whatever the account's email cap. */
export async function gateLinkRequest(deps: ThrottleDeps, account: string, clientHash: string): Promise<LinkGate> {
  const s = specs(deps.config);
  const verdict = await consume(deps, s.linkPair, pairKey(account, clientHash));
  if (!verdict.ok) return verdict;
  return { ok: true, firstFromClient: verdict.remaining === s.linkPair.points - 1 };
}

/** Link emails per account: one a minute, SIGN_IN_LINK_EMAILS_PER_HOUR an hour, so nobody can flood a colleague's inbox. */
export async function hitLinkEmail(deps: ThrottleDeps, userId: string): Promise<Verdict> {
  const s = specs(deps.config);
  const minute = await consume(deps, s.linkMinute, userId);
  const hour = await consume(deps, s.linkHour, userId);
  return !minute.ok ? minute : hour;
}

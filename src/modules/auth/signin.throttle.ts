import type { AppDeps } from '../../app-env.js';
import { consume, reset, type LimitSpec, type Verdict } from '../../lib/rate-limit.js';

export type { Verdict };

/** Every sign-in limit counts over this window (README: "per 15 minutes"). */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;

// Counters live in the shared rate_limits table, so every app process sees the same counts; keys are hashes or ids.
const client = (deps: AppDeps): LimitSpec => ({ name: 'login-client', points: deps.config.LOGIN_MAX_PER_CLIENT, durationSeconds: THROTTLE_WINDOW_SECONDS });
const account = (deps: AppDeps): LimitSpec => ({ name: 'login-account', points: deps.config.LOGIN_MAX_PER_ACCOUNT, durationSeconds: THROTTLE_WINDOW_SECONDS });
const link = (deps: AppDeps): LimitSpec => ({ name: 'login-link', points: deps.config.LOGIN_MAX_PER_ACCOUNT, durationSeconds: THROTTLE_WINDOW_SECONDS });

/** Counts one attempt from this client address (a hash): sign-in, link request, link use; over LOGIN_MAX_PER_CLIENT → refused. */
export function hitClient(deps: AppDeps, clientHash: string): Promise<Verdict> {
  return consume(deps, client(deps), clientHash);
}

/**
 * Counts one password attempt for this account key before the password is
 * checked, atomically, so parallel guesses cannot slip past the limit; a
 * successful sign-in resets it. Over LOGIN_MAX_PER_ACCOUNT → refused even
 * with the right password. Unknown addresses count too, so 429 says nothing about existence.
 */
export function hitAccount(deps: AppDeps, accountKey: string): Promise<Verdict> {
  return consume(deps, account(deps), accountKey);
}

export function resetAccount(deps: AppDeps, accountKey: string): Promise<void> {
  return reset(deps, account(deps), accountKey);
}

/** Sign-in link emails per account, so nobody can flood a colleague's inbox. */
export function hitLinkEmail(deps: AppDeps, userId: string): Promise<Verdict> {
  return consume(deps, link(deps), userId);
}

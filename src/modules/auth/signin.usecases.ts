import { setTimeout as sleep } from 'node:timers/promises';
import { renderSignInLink } from '../../../emails/index.js';
import type { AppDeps } from '../../app-env.js';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { JobQueue } from '../../lib/queue.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import { audit } from '../audit/audit.js';
import { queueEmails } from '../mail/mail.outbox.js';
import { verifyPassword } from './passwords.js';
import { createSession, sessionConfig } from './sessions.js';
import { deleteSessionByHash, deleteSessionsOfUser } from './sessions.repository.js';
import { findActiveStaffByEmail, findLiveSignInLinkOwner, findStaffForPassword, getStaffEmail, insertSignInLink, useSignInLink } from './signin.repository.js';
import { accountKey, gateLinkRequest, gatePassword, hitClient, hitLinkEmail, passwordAccepted, resetAccount } from './signin.throttle.js';
import type { Staff } from './staff.js';
import { deactivateStaffUser } from './staff.repository.js';

export const MAX_EMAIL = 254;
export const MAX_PASSWORD = 1024;
export const SEND_SIGN_IN_LINK_TASK = 'send_sign_in_link';

/** Who is asking: the hashed client address and the previous session (if any), which a sign-in replaces. */
export interface Caller {
  clientHash: string;
  previousSessionHash?: string | null;
}

export type SignInResult =
  | { kind: 'ok'; sessionId: string; userId: string }
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** What the audit log keeps of a typed email: its domain, never the whole address. */
function emailDomain(email: string): string {
  const domain = normaliseEmail(email).split('@').pop() ?? '';
  return /^[a-z0-9.-]{1,100}$/.test(domain) && email.includes('@') ? domain : '(invalid)';
}

/** `next` after sign-in: only a local desk path (never `//host`, a backslash trick or another site). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/desk';
  if (!/^\/desk(?:$|[/?#])/.test(next) || /[\\\s\u0000-\u001f]/.test(next) || next.includes('//')) return '/desk';
  return next;
}

async function throttled(deps: Pick<AppDeps, 'db' | 'clock'>, clientHash: string, scope: string, retryAfterSeconds: number, email?: string): Promise<{ kind: 'throttled'; retryAfterSeconds: number }> {
  await audit(deps.db, {
    at: deps.clock.now(),
    actorId: null,
    action: 'auth.throttled',
    detail: { scope, ...(email !== undefined ? { emailDomain: emailDomain(email) } : {}) },
    clientHash,
  });
  return { kind: 'throttled', retryAfterSeconds };
}

/** A new session (fresh id, never the client's) and its audit entry in one transaction; the old session ends. */
async function startSession(deps: AppDeps, userId: string, method: 'password' | 'link', caller: Caller, trx: Executor) {
  const now = deps.clock.now();
  if (caller.previousSessionHash) await deleteSessionByHash(trx, caller.previousSessionHash);
  const { id } = await createSession(trx, userId, now, sessionConfig(deps.config));
  await audit(trx, { at: now, actorId: userId, action: 'auth.sign_in', targetType: 'staff_user', targetId: userId, detail: { method }, clientHash: caller.clientHash });
  return id;
}

/**
 * Password sign-in. A wrong user and a wrong password take the same path
 * (a dummy hash is verified for unknown users, the same counters move, the
 * same audit row is written) so neither the answer nor its timing tells them apart.
 * Refusals (429) are for this client only; an account under attack from
 * many addresses answers everyone more slowly instead (signin.throttle.ts).
 */
export async function signInWithPassword(deps: AppDeps, email: string, password: string, caller: Caller): Promise<SignInResult> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) return throttled(deps, caller.clientHash, 'client', byClient.retryAfterSeconds, email);
  const key = accountKey(email);
  const gate = await gatePassword(deps, key, caller.clientHash);
  if (!gate.ok) return throttled(deps, caller.clientHash, 'account_client', gate.retryAfterSeconds, email);
  if (gate.delayMs > 0) await sleep(gate.delayMs);

  const user = await findStaffForPassword(deps.db, normaliseEmail(email));
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !user.active || !passwordOk) {
    const reason = !user ? 'no_such_account' : !user.active ? 'account_disabled' : 'wrong_password';
    await audit(deps.db, {
      at: deps.clock.now(),
      actorId: null,
      action: 'auth.sign_in_failed',
      targetType: user ? 'staff_user' : undefined,
      targetId: user?.id,
      detail: { method: 'password', emailDomain: emailDomain(email), reason, ...(gate.delayMs > 0 ? { delayedMs: gate.delayMs } : {}) },
      clientHash: caller.clientHash,
    });
    return { kind: 'failed' };
  }
  const sessionId = await deps.db.transaction().execute((trx) => startSession(deps, user.id, 'password', caller, trx));
  await passwordAccepted(deps, key, caller.clientHash);
  return { kind: 'ok', sessionId, userId: user.id };
}

/**
 * Asks for a sign-in link. The request only counts and enqueues a job, the
 * same for every address, so neither the answer nor its timing says whether
 * the address belongs to staff; the job (deliverSignInLink) looks it up.
 */
export async function requestSignInLink(deps: AppDeps, email: string, caller: Caller): Promise<{ kind: 'done' } | { kind: 'throttled'; retryAfterSeconds: number }> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) return throttled(deps, caller.clientHash, 'client', byClient.retryAfterSeconds, email);
  const gate = await gateLinkRequest(deps, accountKey(email), caller.clientHash);
  if (!gate.ok) return throttled(deps, caller.clientHash, 'link_account_client', gate.retryAfterSeconds, email);
  const job: SignInLinkJob = { email: normaliseEmail(email), clientHash: caller.clientHash, firstFromClient: gate.firstFromClient };
  await deps.queue.add(deps.db, SEND_SIGN_IN_LINK_TASK, { ...job }, { maxAttempts: 3 });
  return { kind: 'done' };
}

export interface SignInLinkJob {
  email: string;
  clientHash: string;
  /** The first request for this account from this client in the window: honoured past the account's email cap. */
  firstFromClient: boolean;
}

export interface LinkDeps {
  db: Database;
  clock: Clock;
  config: Config;
  queue: JobQueue;
}

/**
 * Emails a one-time sign-in link when the address belongs to an active
 * account (run by the worker). Past the account's email cap a repeated ask is
 * not sent, so a flood cannot fill the inbox, but a client asking for the
 * first time — the owner, elsewhere — still gets one.
 */
export async function deliverSignInLink(deps: LinkDeps, job: SignInLinkJob): Promise<'sent' | 'no_account' | 'capped'> {
  const now = deps.clock.now();
  const user = await findActiveStaffByEmail(deps.db, job.email);
  if (!user) {
    await audit(deps.db, { at: now, actorId: null, action: 'auth.link_requested', detail: { emailDomain: emailDomain(job.email), sent: false }, clientHash: job.clientHash });
    return 'no_account';
  }
  const cap = await hitLinkEmail(deps, user.id);
  if (!cap.ok && !job.firstFromClient) {
    await throttled(deps, job.clientHash, 'link_email', cap.retryAfterSeconds, job.email);
    return 'capped';
  }
  const token = randomToken();
  const minutes = deps.config.SIGN_IN_LINK_MINUTES;
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  const url = `${deps.config.PUBLIC_BASE_URL}/desk/sign-in/link/${token}`;
  const mail = renderSignInLink({ name: user.name, url, expiresAt, minutes });
  await deps.db.transaction().execute(async (trx) => {
    await insertSignInLink(trx, { tokenHash: sha256(token), userId: user.id, expiresAt });
    await queueEmails(trx, deps, [
      {
        inquiryId: null,
        kind: 'sign_in_link',
        to: user.email,
        ...mail,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
    ]);
    await audit(trx, { at: now, actorId: null, action: 'auth.link_requested', targetType: 'staff_user', targetId: user.id, detail: { emailDomain: emailDomain(job.email), sent: true }, clientHash: job.clientHash });
  });
  return 'sent';
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Reads a link without using it (GET must not change state): whose it is, if it still works. */
export async function peekSignInLink(deps: AppDeps, token: string): Promise<{ name: string } | null> {
  if (!TOKEN_RE.test(token)) return null;
  const row = await findLiveSignInLinkOwner(deps.db, sha256(token), deps.clock.now());
  return row ?? null;
}

/** Uses a link once (useSignInLink finds nothing the second time, even concurrently). */
export async function signInWithLink(deps: AppDeps, token: string, caller: Caller): Promise<SignInResult> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) return throttled(deps, caller.clientHash, 'client', byClient.retryAfterSeconds);
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const used = TOKEN_RE.test(token) ? await useSignInLink(trx, sha256(token), now) : undefined;
    if (!used) return null;
    const user = await getStaffEmail(trx, used.user_id);
    return { user, sessionId: await startSession(deps, user.id, 'link', caller, trx) };
  });
  if (!result) {
    await audit(deps.db, { at: now, actorId: null, action: 'auth.sign_in_failed', detail: { method: 'link', reason: 'invalid_or_used_link' }, clientHash: caller.clientHash });
    return { kind: 'failed' };
  }
  // Proving control of the mailbox also ends the account's password slow-down.
  await resetAccount(deps, accountKey(result.user.email));
  return { kind: 'ok', sessionId: result.sessionId, userId: result.user.id };
}

export async function signOut(deps: AppDeps, staff: Staff, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSessionByHash(trx, staff.session.idHash);
    await audit(trx, { at: deps.clock.now(), actorId: staff.id, action: 'auth.sign_out', targetType: 'staff_user', targetId: staff.id, clientHash: caller.clientHash });
  });
}

export async function signOutEverywhere(deps: AppDeps, staff: Staff, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSessionsOfUser(trx, staff.id);
    await audit(trx, { at: deps.clock.now(), actorId: staff.id, action: 'auth.sign_out_everywhere', targetType: 'staff_user', targetId: staff.id, clientHash: caller.clientHash });
  });
}

/** Disabling an account ends its live sessions at once (validateSession also refuses inactive users). */
export async function disableStaffUser(db: Database, userId: string, by?: { at: Date; actorId: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deactivateStaffUser(trx, userId);
    await deleteSessionsOfUser(trx, userId);
    if (by) await audit(trx, { at: by.at, actorId: by.actorId, action: 'staff.disabled', targetType: 'staff_user', targetId: userId });
  });
}

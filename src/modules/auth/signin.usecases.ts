import { sql } from 'kysely';
import { renderSignInLink } from '../../../emails/index.js';
import type { AppDeps } from '../../app-env.js';
import type { Database } from '../../db/database.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import { audit } from '../audit/audit.js';
import { queueEmails } from '../mail/mail.outbox.js';
import { verifyPassword } from './passwords.js';
import { createSession, deleteSession, deleteUserSessions, sessionConfig } from './sessions.js';
import { hitAccount, hitClient, hitLinkEmail, resetAccount } from './signin.throttle.js';
import type { Staff } from './staff.js';

export const MAX_EMAIL = 254;
export const MAX_PASSWORD = 1024;

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

/** The account's throttle key: a hash, so the counters table holds no addresses. */
const accountKey = (email: string) => sha256(`pressdesk-account:${normaliseEmail(email)}`).slice(0, 40);

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

async function throttled(deps: AppDeps, caller: Caller, scope: string, retryAfterSeconds: number, email?: string): Promise<SignInResult> {
  await audit(deps.db, {
    at: deps.clock.now(),
    actorId: null,
    action: 'auth.throttled',
    detail: { scope, ...(email !== undefined ? { emailDomain: emailDomain(email) } : {}) },
    clientHash: caller.clientHash,
  });
  return { kind: 'throttled', retryAfterSeconds };
}

/** A new session (fresh id, never the client's) and its audit entry in one transaction; the old session ends. */
async function startSession(deps: AppDeps, userId: string, method: 'password' | 'link', caller: Caller, trx: Database) {
  const now = deps.clock.now();
  if (caller.previousSessionHash) await deleteSession(trx, caller.previousSessionHash);
  const { id } = await createSession(trx, userId, now, sessionConfig(deps.config));
  await audit(trx, { at: now, actorId: userId, action: 'auth.sign_in', targetType: 'staff_user', targetId: userId, detail: { method }, clientHash: caller.clientHash });
  return id;
}

/**
 * Password sign-in. A wrong user and a wrong password take the same path
 * (a dummy hash is verified for unknown users, the same counters move, the
 * same audit row is written) so neither the answer nor its timing tells them apart.
 */
export async function signInWithPassword(deps: AppDeps, email: string, password: string, caller: Caller): Promise<SignInResult> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) return throttled(deps, caller, 'client', byClient.retryAfterSeconds, email);
  const key = accountKey(email);
  const byAccount = await hitAccount(deps, key);
  if (!byAccount.ok) return throttled(deps, caller, 'account', byAccount.retryAfterSeconds, email);

  const user = await deps.db
    .selectFrom('staff_users')
    .select(['id', 'password_hash', 'active'])
    .where(sql<string>`lower(email)`, '=', normaliseEmail(email))
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !user.active || !passwordOk) {
    const reason = !user ? 'no_such_account' : !user.active ? 'account_disabled' : 'wrong_password';
    await audit(deps.db, {
      at: deps.clock.now(),
      actorId: null,
      action: 'auth.sign_in_failed',
      targetType: user ? 'staff_user' : undefined,
      targetId: user?.id,
      detail: { method: 'password', emailDomain: emailDomain(email), reason },
      clientHash: caller.clientHash,
    });
    return { kind: 'failed' };
  }
  const sessionId = await deps.db.transaction().execute((trx) => startSession(deps, user.id, 'password', caller, trx));
  await resetAccount(deps, key);
  return { kind: 'ok', sessionId, userId: user.id };
}

/**
 * Emails a one-time sign-in link when the address belongs to an active
 * account. The caller answers the same either way, so it is not told which.
 */
export async function requestSignInLink(deps: AppDeps, email: string, caller: Caller): Promise<{ kind: 'done' } | { kind: 'throttled'; retryAfterSeconds: number }> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) {
    await throttled(deps, caller, 'client', byClient.retryAfterSeconds, email);
    return { kind: 'throttled', retryAfterSeconds: byClient.retryAfterSeconds };
  }
  const now = deps.clock.now();
  const user = await deps.db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email'])
    .where(sql<string>`lower(email)`, '=', normaliseEmail(email))
    .where('active', '=', true)
    .executeTakeFirst();
  if (!user) {
    await audit(deps.db, { at: now, actorId: null, action: 'auth.link_requested', detail: { emailDomain: emailDomain(email), sent: false }, clientHash: caller.clientHash });
    return { kind: 'done' };
  }
  // Over the per-account limit the link is silently not sent: the answer stays the same.
  const byAccount = await hitLinkEmail(deps, user.id);
  if (!byAccount.ok) {
    await throttled(deps, caller, 'link_email', byAccount.retryAfterSeconds, email);
    return { kind: 'done' };
  }
  const token = randomToken();
  const minutes = deps.config.SIGN_IN_LINK_MINUTES;
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  const url = `${deps.config.PUBLIC_BASE_URL}/desk/sign-in/link/${token}`;
  const mail = renderSignInLink({ name: user.name, url, expiresAt, minutes });
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('sign_in_links').values({ token_hash: sha256(token), user_id: user.id, expires_at: expiresAt }).execute();
    await queueEmails(trx, deps, [
      {
        inquiryId: null,
        kind: 'sign_in_link',
        to: user.email,
        ...mail,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
    ]);
    await audit(trx, { at: now, actorId: null, action: 'auth.link_requested', targetType: 'staff_user', targetId: user.id, detail: { emailDomain: emailDomain(email), sent: true }, clientHash: caller.clientHash });
  });
  return { kind: 'done' };
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Reads a link without using it (GET must not change state): whose it is, if it still works. */
export async function peekSignInLink(deps: AppDeps, token: string): Promise<{ name: string } | null> {
  if (!TOKEN_RE.test(token)) return null;
  const row = await deps.db
    .selectFrom('sign_in_links as l')
    .innerJoin('staff_users as u', 'u.id', 'l.user_id')
    .select('u.name')
    .where('l.token_hash', '=', sha256(token))
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', deps.clock.now())
    .where('u.active', '=', true)
    .executeTakeFirst();
  return row ?? null;
}

/** Uses a link once (the UPDATE … WHERE used_at IS NULL makes a second use, even a concurrent one, find nothing). */
export async function signInWithLink(deps: AppDeps, token: string, caller: Caller): Promise<SignInResult> {
  const byClient = await hitClient(deps, caller.clientHash);
  if (!byClient.ok) return throttled(deps, caller, 'client', byClient.retryAfterSeconds);
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const used = TOKEN_RE.test(token)
      ? await trx
          .updateTable('sign_in_links')
          .set({ used_at: now })
          .where('token_hash', '=', sha256(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .where('user_id', 'in', (eb) => eb.selectFrom('staff_users').select('id').where('active', '=', true))
          .returning('user_id')
          .executeTakeFirst()
      : undefined;
    if (!used) return null;
    const user = await trx.selectFrom('staff_users').select(['id', 'email']).where('id', '=', used.user_id).executeTakeFirstOrThrow();
    return { user, sessionId: await startSession(deps, user.id, 'link', caller, trx) };
  });
  if (!result) {
    await audit(deps.db, { at: now, actorId: null, action: 'auth.sign_in_failed', detail: { method: 'link', reason: 'invalid_or_used_link' }, clientHash: caller.clientHash });
    return { kind: 'failed' };
  }
  // Proving control of the mailbox also lifts a password lockout.
  await resetAccount(deps, accountKey(result.user.email));
  return { kind: 'ok', sessionId: result.sessionId, userId: result.user.id };
}

export async function signOut(deps: AppDeps, staff: Staff, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSession(trx, staff.session.idHash);
    await audit(trx, { at: deps.clock.now(), actorId: staff.id, action: 'auth.sign_out', targetType: 'staff_user', targetId: staff.id, clientHash: caller.clientHash });
  });
}

export async function signOutEverywhere(deps: AppDeps, staff: Staff, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteUserSessions(trx, staff.id);
    await audit(trx, { at: deps.clock.now(), actorId: staff.id, action: 'auth.sign_out_everywhere', targetType: 'staff_user', targetId: staff.id, clientHash: caller.clientHash });
  });
}

/** Disabling an account ends its live sessions at once (validateSession also refuses inactive users). */
export async function disableStaffUser(db: Database, userId: string, by?: { at: Date; actorId: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('staff_users').set({ active: false }).where('id', '=', userId).execute();
    await deleteUserSessions(trx, userId);
    if (by) await audit(trx, { at: by.at, actorId: by.actorId, action: 'staff.disabled', targetType: 'staff_user', targetId: userId });
  });
}

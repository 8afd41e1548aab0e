import type { AppDeps } from '../../app-env.js';
import type { Config } from '../../config.js';
import { consume, peek, type LimitSpec } from '../../db/rate-limit.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import { queueEmails, type SendGuard } from '../mail/index.js';
import { checkSolution, markSolutionUsed } from './share.altcha.js';
import { SHARED_ARTICLE_KIND, sharedArticleEmails } from './share.emails.js';
import { findShareableArticle, insertShare, optedOut } from './share.repository.js';
import type { ShareInput } from './share.schemas.js';
import { addressHash, cleanNote } from './share.text.js';

export type ShareFailure =
  | { kind: 'not_found' }
  | { kind: 'altcha'; reason: 'missing' | 'invalid' | 'expired' | 'used' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

export type ShareOutcome = { ok: true; accepted: number } | { ok: false; failure: ShareFailure };

export interface ShareContext {
  /** Hash of the client's address (src/lib/client-address.ts). */
  clientHash: string;
  /** An integrator or admin token: no proof of work, and no per-address limit (one CMS fronts many readers). */
  trusted: boolean;
  via: 'form' | 'api';
}

const DAY_SECONDS = 24 * 3600;

export function shareLimits(config: Config) {
  return {
    client: { name: 'share-client', points: config.SHARE_MAX_PER_CLIENT_PER_DAY, durationSeconds: DAY_SECONDS },
    sender: { name: 'share-sender', points: config.SHARE_MAX_PER_SENDER_PER_DAY, durationSeconds: DAY_SECONDS },
    recipient: { name: 'share-recipient', points: config.SHARE_MAX_PER_RECIPIENT_PER_DAY, durationSeconds: DAY_SECONDS },
  } satisfies Record<string, LimitSpec>;
}

/**
 * Counts the request against every daily limit: messages per client address
 * and per sender, and one per recipient. A limit already used up refuses
 * before anything is counted; otherwise the first limit that runs over refuses
 * the whole request (nothing is sent or recorded for it).
 */
async function countAgainstLimits(deps: AppDeps, checks: { spec: LimitSpec; key: string; points: number }[]) {
  for (const { spec, key } of checks) {
    const seen = await peek(deps, spec, key);
    if (seen && !seen.ok) return seen;
  }
  for (const { spec, key, points } of checks) {
    const verdict = await consume(deps, spec, key, points);
    if (!verdict.ok) return verdict;
  }
  return null;
}

/** What a share asks to send: tells a repeat of the same post from another use of its ALTCHA solution. */
function requestHash(slug: string, input: ShareInput): string {
  return sha256(JSON.stringify([slug, input.recipients, input.senderName, input.senderEmail, input.note ?? null, input.language]));
}

/**
 * "Email this article": the API and the page form both come here. Checks, in
 * order: the article is published, the proof of work (unless trusted), the
 * limits; then drops opted-out recipients without saying so, and records the
 * share with one outbox message per recipient in one transaction.
 *
 * The solution is the post's one-time token: the same post again (a double
 * click, a browser retry; also concurrently) is answered as accepted and sends
 * nothing; the solution with anything else in the post is refused as used.
 */
export async function shareArticle(deps: AppDeps, slug: string, input: ShareInput, ctx: ShareContext): Promise<ShareOutcome> {
  const { db, config, clock } = deps;
  const now = clock.now();
  const article = await findShareableArticle(db, slug, now);
  if (!article) return { ok: false, failure: { kind: 'not_found' } };

  const hash = requestHash(article.slug, input);
  const n = input.recipients.length;
  const repeated = (): ShareOutcome => {
    deps.logger.info({ article: article.slug, via: ctx.via }, 'article share repeated; nothing sent again');
    return { ok: true, accepted: n };
  };

  let solution: { challengeId: string; expiresAt: Date } | null = null;
  if (!ctx.trusted) {
    const verdict = await checkSolution(db, config, input.altcha, hash);
    if (!verdict.ok) return { ok: false, failure: { kind: 'altcha', reason: verdict.reason } };
    if (verdict.repeat) return repeated();
    solution = verdict;
  }

  const recipients = input.recipients.map((address) => ({ address, hash: addressHash(address) }));
  const senderHash = addressHash(input.senderEmail);
  const limits = shareLimits(config);
  const refused = await countAgainstLimits(deps, [
    ...(ctx.trusted ? [] : [{ spec: limits.client, key: ctx.clientHash, points: n }]),
    { spec: limits.sender, key: senderHash, points: n },
    // Opted-out recipients count too, so a 429 never tells who opted out.
    ...recipients.map((r) => ({ spec: limits.recipient, key: r.hash, points: 1 })),
  ]);
  if (refused && !refused.ok) return { ok: false, failure: { kind: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds } };

  const blocked = await optedOut(db, recipients.map((r) => r.hash));
  const mailed = recipients
    .filter((r) => !blocked.has(r.hash))
    .map((r) => ({ ...r, unsubscribeToken: randomToken() }));
  const note = input.note ? cleanNote(input.note) || null : null;

  const marked = await db.transaction().execute(async (trx) => {
    if (solution) {
      const mark = await markSolutionUsed(trx, solution.challengeId, solution.expiresAt, hash);
      if (mark !== 'marked') return mark;
    }
    await insertShare(trx, {
      articleId: article.id,
      senderHash,
      clientHash: ctx.clientHash,
      language: input.language,
      via: ctx.via,
      createdAt: now,
      recipients: mailed.map((r) => ({ addressHash: r.hash, unsubscribeHash: sha256(r.unsubscribeToken) })),
    });
    const emails = sharedArticleEmails(
      config,
      { article, senderName: input.senderName, senderEmail: input.senderEmail, note, language: input.language, createdAt: now },
      mailed.map((r) => ({ address: r.address, unsubscribeToken: r.unsubscribeToken })),
    );
    await queueEmails(trx, deps, emails);
    return 'marked' as const;
  });
  if (marked === 'used') return { ok: false, failure: { kind: 'altcha', reason: 'used' } };
  if (marked === 'repeat') return repeated();
  deps.logger.info({ article: article.slug, recipients: n, mailed: mailed.length, via: ctx.via }, 'article shared');
  // The count the request named, not the count mailed: a 202 never tells who opted out.
  return { ok: true, accepted: n };
}

/** A reader who unsubscribed after a share was queued must not get it: checked again at the last moment. */
const withholdFromOptedOut: SendGuard = async (db, email) =>
  (await optedOut(db, [addressHash(email.to_address)])).size > 0
    ? { reason: 'not sent: the recipient opted out of shared articles before it went out', logMessage: 'email withheld: recipient opted out' }
    : null;

/** The mail sender's last-moment checks for what sharing queues (wired in by src/worker.ts). */
export const shareSendGuards: ReadonlyMap<string, SendGuard> = new Map([[SHARED_ARTICLE_KIND, withholdFromOptedOut]]);

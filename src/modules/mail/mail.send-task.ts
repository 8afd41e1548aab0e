import type { Task } from 'graphile-worker';
import { renderDeferred } from '../../../emails/index.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { maskPrivateLinks } from '../../lib/link-tokens.js';
import type { Logger } from '../../lib/logger.js';
import {
  addEmailFailedEvent,
  emailAttachments,
  findEmail,
  markEmailFailed,
  markEmailSent,
  markEmailWithheld,
  recordFailedAttempt,
} from './mail.repository.js';
import { isPermanentFailure, type Mailer } from './mail.transport.js';

/** Why a queued message must not go out after all: the outbox's reason, and the log line's. */
export interface Withheld {
  reason: string;
  logMessage: string;
}

/**
 * A last-moment check on one kind of message, owned by the feature that queues
 * that kind (its consent can be withdrawn between queueing and sending); null sends it.
 */
export type SendGuard = (db: Database, email: { kind: string; to_address: string }) => Promise<Withheld | null>;

export interface SendEmailDeps {
  db: Database;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Checks by email kind, wired in by the composition (src/worker.ts). */
  sendGuards?: ReadonlyMap<string, SendGuard>;
}

export const SECRET_KIND = 'sign_in_link';
export const REMOVED = '[removed after sending: it contained a sign-in link]';

type StoredEmail = { html: string; text: string; reply_to: string | null; headers: Record<string, string> };

/** The body to send: as stored, or rendered now from the deferred template (emails/deferred.ts). */
function bodyOf(email: { html: string | null; text: string | null; template: unknown }): { html: string; text: string; deferred: boolean } {
  if (email.html !== null && email.text !== null) return { html: email.html, text: email.text, deferred: false };
  const { html, text } = renderDeferred(email.template);
  return { html, text, deferred: true };
}

/**
 * The copy the outbox keeps once a message left for good (delivered, or given
 * up on): a reporter's status link, reply+ addresses and unsubscribe links are
 * credentials, so they are masked and the database holds no usable link.
 */
function maskedCopy(email: StoredEmail) {
  return {
    html: maskPrivateLinks(email.html),
    text: maskPrivateLinks(email.text),
    reply_to: email.reply_to === null ? null : maskPrivateLinks(email.reply_to),
    headers: JSON.stringify(Object.fromEntries(Object.entries(email.headers ?? {}).map(([k, v]) => [k, maskPrivateLinks(v)]))),
  };
}

function describe(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  return [e.responseCode, e.code, e.message].filter(Boolean).join(' ').slice(0, 500);
}

/**
 * Sends one outbox row. Already-sent rows are skipped, so a job retried after a
 * crash never sends twice from our side; a resend after a crash between SMTP and
 * commit reuses the stored Message-ID so the receiver can recognise it.
 */
export function sendEmailTask(deps: SendEmailDeps): Task {
  return async (payload, helpers) => {
    const { emailId } = payload as { emailId: string };
    const stored = await findEmail(deps.db, emailId);
    if (!stored || stored.status !== 'queued') return;
    let made: ReturnType<typeof bodyOf>;
    try {
      made = bodyOf(stored);
    } catch (err) {
      // Rendering the same data again gives the same error: the email fails now, visibly in the thread, instead of retrying for hours.
      // Its template data goes, as when an email leaves: it holds the reporter's private links.
      const reason = `could not render the email: ${describe(err)}`;
      await deps.db.transaction().execute(async (trx) => {
        await markEmailFailed(trx, stored.id, reason, { template: null });
        if (stored.inquiry_id) await addEmailFailedEvent(trx, stored.inquiry_id, { emailId: stored.id, emailKind: stored.kind, reason, permanent: true });
      });
      deps.logger.error({ emailId: stored.id, kind: stored.kind, err: describe(err) }, 'email could not be rendered');
      return;
    }
    const { deferred, ...body } = made;
    const email = { ...stored, ...body };
    // Once the email has left for good the rendered body is kept instead of the
    // template data, which holds the reporter's private links.
    const rendered = deferred ? { html: email.html, text: email.text, template: null } : {};

    const guard = deps.sendGuards?.get(email.kind);
    const withheld = guard ? await guard(deps.db, email) : null;
    if (withheld) {
      await markEmailWithheld(deps.db, email.id, withheld.reason, { ...rendered, ...(deps.mailer.mode === 'smtp' ? maskedCopy(email) : {}) });
      deps.logger.info({ emailId: email.id, kind: email.kind }, withheld.logMessage);
      return;
    }

    // Stored in the transaction that queued the email, so they are all here by the time the job runs.
    const attachments = stored.has_attachments ? await emailAttachments(deps.db, email.id) : [];
    try {
      const result = await deps.mailer.send({
        messageId: email.message_id,
        from: { name: email.from_name, address: email.from_address },
        to: email.to_address,
        replyTo: email.reply_to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        attachments,
      });
      await markEmailSent(
        deps.db,
        email.id,
        deps.mailer.mode === 'capture' ? 'captured' : 'sent',
        deps.clock.now(),
        // A sign-in link is a credential until it expires: once handed over (delivered or
        // captured) the outbox keeps no copy, so not even the captured-mail pages can show it.
        // A delivered email's private links are masked; captured mail keeps them for the
        // admins' mailbox, the only place they can be read in capture mode.
        email.kind === SECRET_KIND
          ? { html: REMOVED, text: REMOVED, raw: null }
          : { raw: result.raw, ...rendered, ...(deps.mailer.mode === 'smtp' ? maskedCopy(email) : {}) },
      );
      deps.logger.info({ emailId: email.id, kind: email.kind, mode: deps.mailer.mode }, 'email sent');
    } catch (err) {
      const permanent = isPermanentFailure(err);
      const exhausted = helpers.job.attempts >= helpers.job.max_attempts;
      const reason = describe(err);
      if (permanent || exhausted) {
        await deps.db.transaction().execute(async (trx) => {
          await markEmailFailed(trx, email.id, reason, { ...rendered, ...(deps.mailer.mode === 'smtp' ? maskedCopy(email) : {}) });
          if (email.inquiry_id) {
            await addEmailFailedEvent(trx, email.inquiry_id, { emailId: email.id, emailKind: email.kind, reason, permanent });
          }
        });
        deps.logger.warn({ emailId: email.id, kind: email.kind, permanent }, 'email failed');
        // A 5xx is final and done with; an exhausted retry is rethrown so
        // graphile-worker keeps the job as failed (attempts = max_attempts).
        if (permanent) return;
        throw err;
      }
      await recordFailedAttempt(deps.db, email.id, reason);
      deps.logger.info({ emailId: email.id, kind: email.kind, attempt: helpers.job.attempts }, 'email deferred');
      throw err;
    }
  };
}

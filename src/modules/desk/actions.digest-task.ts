import type { Task } from 'graphile-worker';
import { renderDigest } from '../../../emails/index.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import { queueEmails } from '../mail/mail.outbox.js';
import type { NotifyDeps } from './actions.notify.js';
import { deleteDigestItems, lockWaitingDigestItems } from './digest.repository.js';

export const SEND_DIGESTS_TASK = 'send_digests';

/** Hourly; graphile-worker's cron runs it once per tick however many workers there are. */
export const DIGEST_CRONTAB = `0 * * * * ${SEND_DIGESTS_TASK} ?max=1&jobKey=${SEND_DIGESTS_TASK}`;

/** Bounds one run; anything left waits for the next hour. */
const MAX_ITEMS = 5000;

export interface DigestDeps extends NotifyDeps {
  db: Database;
  logger: Logger;
}

/**
 * Collects the waiting digest entries, one email per officer, in one
 * transaction: the entries are deleted exactly when their digest is queued.
 * Rows another run holds are skipped, so two runs never send one twice
 * (lockWaitingDigestItems).
 */
export async function sendDigests(deps: DigestDeps): Promise<number> {
  const sent = await deps.db.transaction().execute(async (trx) => {
    const rows = await lockWaitingDigestItems(trx, MAX_ITEMS);
    if (rows.length === 0) return 0;
    const byUser = new Map<string, typeof rows>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    const digests = [...byUser.values()].filter((items) => items[0]!.active);
    const now = deps.clock.now();
    await queueEmails(
      trx,
      deps,
      digests.map((items) => {
        const first = items[0]!;
        const rendered = renderDigest({
          recipientName: first.user_name,
          timeZone: first.time_zone ?? 'UTC',
          items: items.map((i) => ({
            kind: i.kind,
            reference: i.reference,
            priority: i.priority,
            subject: i.subject,
            at: i.created_at,
            inquiryUrl: `${deps.config.PUBLIC_BASE_URL}/desk/inquiries/${i.inquiry_id}`,
          })),
        });
        return { inquiryId: null, kind: 'digest', to: first.user_email, ...rendered, headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }, createdAt: now };
      }),
    );
    // A disabled account's entries go too: nobody will read them.
    await deleteDigestItems(trx, rows.map((r) => r.id));
    return digests.length;
  });
  if (sent > 0) deps.logger.info({ digests: sent }, 'digests queued');
  return sent;
}

export function sendDigestsTask(deps: DigestDeps): Task {
  return async () => {
    await sendDigests(deps);
  };
}

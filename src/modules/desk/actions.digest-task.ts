import type { Task } from 'graphile-worker';
import { renderDigest } from '../../../emails/index.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import { queueEmails } from '../mail/mail.outbox.js';
import type { NotifyDeps } from './actions.notify.js';

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
 * Rows another run holds are skipped, so two runs never send one twice.
 */
export async function sendDigests(deps: DigestDeps): Promise<number> {
  const sent = await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('staff_digest_items as d')
      .innerJoin('staff_users as u', 'u.id', 'd.user_id')
      .innerJoin('inquiries as i', 'i.id', 'd.inquiry_id')
      .leftJoin('contacts as c', 'c.id', 'u.contact_id')
      .leftJoin('offices as o', 'o.id', 'c.office_id')
      .select(['d.id', 'd.kind', 'd.created_at', 'u.id as user_id', 'u.name as user_name', 'u.email as user_email', 'u.active', 'i.id as inquiry_id', 'i.reference', 'i.subject', 'i.priority', 'o.time_zone'])
      .orderBy('d.id')
      .limit(MAX_ITEMS)
      .forUpdate('d')
      .skipLocked()
      .execute();
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
    await trx.deleteFrom('staff_digest_items').where('id', 'in', rows.map((r) => r.id)).execute();
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

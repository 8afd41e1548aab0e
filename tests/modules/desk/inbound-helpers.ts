import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { TestContext } from '../../helpers/app.js';
import { unique } from './actions-helpers.js';

// Rows as the inbound pipeline writes them (see the email-in contract), so the
// desk and the status page can be tested on exactly what they render.

export interface InboundRow {
  inquiryId: string | null;
  from?: string;
  fromName?: string | null;
  recipient?: string;
  subject?: string;
  side?: 'reporter' | 'staff';
  disposition?: 'threaded' | 'quarantined' | 'released' | 'dropped' | 'bounce';
  reason?: string | null;
  visible?: string;
  full?: string;
  raw?: string;
  receivedAt?: Date;
}

/** A received message; returns its id. */
export async function insertInbound(t: TestContext, m: InboundRow): Promise<string> {
  const raw = m.raw ?? `From: ${m.from ?? 'someone@example.com'}\r\nSubject: ${m.subject ?? 'Re: a question'}\r\n\r\n${m.full ?? m.visible ?? ''}\r\n`;
  const row = await t.db
    .insertInto('inbound_messages')
    .values({
      message_id: `${unique('msg')}@mail.example.com`,
      received_at: m.receivedAt ?? t.clock.now(),
      via: 'smtp',
      envelope_from: m.from ?? 'someone@example.com',
      recipient: m.recipient ?? 'reply+token@reply.pressdesk.test',
      from_address: m.from ?? 'someone@example.com',
      from_name: m.fromName ?? null,
      subject: m.subject ?? 'Re: a question',
      kind: 'human',
      disposition: m.disposition ?? 'threaded',
      reason: m.reason ?? null,
      inquiry_id: m.inquiryId,
      side: m.side ?? 'reporter',
      matched_by: 'address',
      authentication: JSON.stringify({}),
      visible_text: m.visible ?? '',
      full_text: m.full ?? m.visible ?? '',
      raw_gzip: gzipSync(Buffer.from(raw)),
      raw_bytes: Buffer.byteLength(raw),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An event of the inquiry's history as the pipeline writes it, bumping the version like every change. */
export async function insertEvent(t: TestContext, inquiryId: string, kind: string, data: Record<string, unknown>, at = t.clock.now()) {
  const { version } = await t.db
    .updateTable('inquiries')
    .set({ version: sql`version + 1`, updated_at: at })
    .where('id', '=', inquiryId)
    .returning('version')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('inquiry_events').values({ inquiry_id: inquiryId, kind, data: JSON.stringify({ ...data, version }), created_at: at }).execute();
  return version;
}

/** The thread's part of the desk page. */
export function threadOf(html: string): string {
  const start = html.indexOf('<ol class="thread">');
  return start < 0 ? '' : html.slice(start, html.indexOf('</ol>', start));
}

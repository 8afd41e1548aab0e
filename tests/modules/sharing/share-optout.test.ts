import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/lib/tokens.js';
import type { TestContext } from '../../helpers/app.js';
import { addr, deliveredTo, postShare, rawHeader, shareBody, shareContext } from './share-helpers.js';

// One-click unsubscribe (RFC 8058) and the opt-out list: an opted-out address
// is never mailed again, and only its hash is kept.

let t: TestContext;
beforeAll(async () => {
  // Room to share with one address several times: this file is about opting out, not limits.
  t = await shareContext({ SHARE_MAX_PER_RECIPIENT_PER_DAY: '10' });
});
afterAll(async () => {
  await t.close();
});

/** Shares the demo release with `to` and returns the unsubscribe path from the delivered message's header. */
async function unsubscribePathFor(to: string, language = 'en'): Promise<string> {
  const res = await postShare(t, shareBody({ recipients: [to], language }));
  expect(res.status).toBe(202);
  const [m] = await deliveredTo(t, to);
  const url = /^<(.+)>$/.exec(rawHeader(m!, 'List-Unsubscribe')!)![1]!;
  return new URL(url).pathname;
}

const oneClick = (path: string, headers: Record<string, string> = {}) =>
  t.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'List-Unsubscribe=One-Click',
  });

const optOutCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from share_opt_outs`.execute(t.db)).rows[0]!.n);

describe('unsubscribing from shared articles', () => {
  it('one-click POST opts out (no CSRF or Origin check: mail clients post it)', async () => {
    const to = addr('oneclick');
    const path = await unsubscribePathFor(to);
    // A mail provider posts from its own servers, with no cookie and maybe its own Origin.
    const res = await oneClick(path, { origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('You are unsubscribed');
    const row = await t.db.selectFrom('share_opt_outs').selectAll().where('address_hash', '=', sha256(`pressdesk-share-address:${to}`)).executeTakeFirst();
    expect(row).toBeDefined();
    // Twice is fine.
    expect((await oneClick(path)).status).toBe(200);
  });

  it('GET on the link shows a localised page with a button and changes nothing', async () => {
    const to = addr('get');
    const path = await unsubscribePathFor(to, 'zh');
    const before = await optOutCount();
    const res = await t.request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('不再接收分享的文章');
    expect(html).toMatch(new RegExp(`<form method="post" action="${path}">`));
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(html).toContain('退订');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await optOutCount()).toBe(before);
    // ?lang= wins over the message's language.
    expect(await (await t.request(`${path}?lang=ms`)).text()).toContain('Berhenti langganan');
  });

  it('an unknown or malformed token → 404 page, nothing changes', async () => {
    const before = await optOutCount();
    for (const path of ['/share/unsubscribe/' + 'A'.repeat(43), '/share/unsubscribe/short', '/share/unsubscribe/%3Cscript%3E']) {
      const res = await oneClick(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Unknown link');
      expect((await t.request(path)).status).toBe(404);
    }
    expect(await optOutCount()).toBe(before);
  });

  it('an opted-out address is never mailed again and only its hash is stored', async () => {
    const gone = addr('gone');
    const stays = addr('stays');
    await oneClick(await unsubscribePathFor(gone));
    const sentBefore = t.smtp!.received.filter((m) => m.envelope.to.includes(gone)).length;

    // Mixed with another recipient, in another letter case: still 202 for both (nothing says who opted out)…
    const res = await postShare(t, shareBody({ recipients: [gone.toUpperCase(), stays] }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2 });
    // …and alone.
    const alone = await postShare(t, shareBody({ recipients: [gone] }));
    expect(alone.status).toBe(202);
    expect(await alone.json()).toEqual({ accepted: 1 });

    await t.runJobs();
    expect(t.smtp!.received.filter((m) => m.envelope.to.includes(stays))).toHaveLength(1);
    expect(t.smtp!.received.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === gone))).toHaveLength(sentBefore);
    // Nothing was even queued for it.
    const queued = await t.db.selectFrom('emails').select('id').where(sql`lower(to_address)`, '=', gone).execute();
    expect(queued).toHaveLength(sentBefore);

    // The opt-out list holds a hash and a time, never the address.
    const { rows } = await sql<{ dump: string }>`select json_agg(o)::text as dump from share_opt_outs o`.execute(t.db);
    expect(rows[0]!.dump).not.toContain(gone);
    expect(rows[0]!.dump).not.toContain(gone.split('@')[0]!);
    const cols = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'share_opt_outs' order by 1`.execute(t.db)).rows;
    expect(cols.map((c) => c.column_name)).toEqual(['address_hash', 'created_at']);
    for (const r of await t.db.selectFrom('share_opt_outs').select('address_hash').execute()) expect(r.address_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a share queued before the recipient opted out is not sent when the worker gets to it', async () => {
    const to = addr('late');
    const path = await unsubscribePathFor(to); // first share delivered, its unsubscribe link known
    const res = await postShare(t, shareBody({ recipients: [to] })); // queued while still subscribed
    expect(res.status).toBe(202);
    expect((await oneClick(path)).status).toBe(200);
    await t.runJobs();
    expect(t.smtp!.received.filter((m) => m.envelope.to.includes(to))).toHaveLength(1);
    const rows = await t.db.selectFrom('emails').select(['status', 'last_error']).where('to_address', '=', to).orderBy('created_at').execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'failed']);
    expect(rows[1]!.last_error).toContain('opted out');
  });
});

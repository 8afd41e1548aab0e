import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createPool } from '../../../src/db/database.js';
import { freePort } from '../../../src/lib/embedded-postgres.js';
import { BASE_URL, buildTestContext, type TestContext } from '../../helpers/app.js';
import { DALE, INDRA, newInquiry, row, signIn, type Session } from '../desk/actions-helpers.js';
import { addresses, eventsOf, listen, message, newMessageId, noDns, type Listener } from './inbound-helpers.js';

// Limits, outages, the webhook and the quarantine's staff API.

const TOKEN = 'inbound-token-0123456789abcdefghij';
const MAX = 8192;
let t: TestContext;
let mx: Listener;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { INBOUND_MAX_BYTES: String(MAX), INBOUND_TOKEN: TOKEN, ATTACHMENT_MAX_BYTES: '2000' } });
  t.deps.dnsResolver = noDns;
  mx = await listen(t);
}, 60_000);
afterAll(async () => {
  await mx?.close();
  await t?.close();
});

const inbound = (messageId: string) => t.db.selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId.slice(1, -1)).executeTakeFirst();

function withAttachment(o: { from: string; to: string; messageId: string; bytes: number }) {
  const content = Buffer.alloc(o.bytes, 'a').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: Re: the figures`,
    `Message-ID: ${o.messageId}`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/mixed; boundary="xx"`,
    ``,
    `--xx`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `The table you asked for.`,
    `--xx`,
    `Content-Type: text/csv; name="figures.csv"`,
    `Content-Disposition: attachment; filename="figures.csv"`,
    `Content-Transfer-Encoding: base64`,
    ``,
    content,
    `--xx--`,
    ``,
  ].join('\r\n');
}

describe('the SMTP listener', () => {
  it('refuses a message over INBOUND_MAX_BYTES with 552 and stores nothing', async () => {
    const q = await newInquiry(t);
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    const err = await mx
      .send(message({ from: q.reporterEmail, to: reporter, messageId: id, body: 'x'.repeat(MAX * 2) }), { from: q.reporterEmail, to: reporter })
      .catch((e: { responseCode?: number }) => e);
    expect(err).toMatchObject({ responseCode: 552 });
    expect(await inbound(id)).toBeUndefined();
  });

  it('answers 4xx while the database is away, and the retry is accepted and stored once', async () => {
    const pool = createPool(`postgres://postgres@127.0.0.1:${await freePort()}/none`, 2);
    const down = await listen(t, { db: createDatabase(pool) });
    try {
      const q = await newInquiry(t);
      const { reporter } = await addresses(t, q.id);
      const id = newMessageId();
      const raw = message({ from: q.reporterEmail, to: reporter, messageId: id, headers: { 'In-Reply-To': '<nothing@example>' } });
      // RCPT needs the database: 451 there.
      expect(await down.send(raw, { from: q.reporterEmail, to: reporter }).catch((e: { responseCode?: number }) => e)).toMatchObject({ responseCode: 451 });
      // The service's own address needs none at RCPT: the 451 comes after DATA, before anything is committed.
      const bounceAddress = t.config.mailFrom.address;
      expect(await down.send(raw, { from: q.reporterEmail, to: bounceAddress }).catch((e: { responseCode?: number }) => e)).toMatchObject({ responseCode: 451 });
      expect(await inbound(id)).toBeUndefined();
      expect(await mx.send(raw, { from: q.reporterEmail, to: reporter })).toMatch(/^250 /);
      expect(await inbound(id)).toMatchObject({ disposition: 'threaded', inquiry_id: q.id });
    } finally {
      await down.close();
      await pool.end();
    }
  });

  it("keeps a reporter's attachment with the message and the inquiry; over the limit none are kept and the thread says why", async () => {
    const q = await newInquiry(t);
    const { reporter } = await addresses(t, q.id);
    const small = newMessageId();
    await mx.send(withAttachment({ from: q.reporterEmail, to: reporter, messageId: small, bytes: 1000 }), { from: q.reporterEmail, to: reporter });
    const m = (await inbound(small))!;
    const files = await t.db.selectFrom('attachments').select(['filename', 'size', 'inquiry_id', 'source']).where('inbound_message_id', '=', m.id).execute();
    expect(files).toEqual([{ filename: 'figures.csv', size: 1000, inquiry_id: q.id, source: 'email' }]);
    const big = newMessageId();
    await mx.send(withAttachment({ from: q.reporterEmail, to: reporter, messageId: big, bytes: 3000 }), { from: q.reporterEmail, to: reporter });
    const followUps = (await eventsOf(t, q.id)).filter((e) => e.kind === 'follow_up').map((e) => e.data as Record<string, unknown>);
    expect(followUps[0]).toMatchObject({ attachments: [expect.objectContaining({ filename: 'figures.csv', size: 1000 })] });
    expect(followUps[1]).toMatchObject({ attachments: [], attachmentsRefused: expect.stringMatching(/\S/) });
  });
});

describe("an officer's emailed answer with a file", () => {
  it('sends the file to the reporter with the reply', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const { staff } = await addresses(t, q.id);
    await mx.send(withAttachment({ from: INDRA, to: staff, messageId: newMessageId(), bytes: 500 }), { from: INDRA, to: staff });
    const email = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'reply').executeTakeFirstOrThrow();
    const files = await t.db.selectFrom('attachments').select(['filename', 'size', 'source']).where('email_id', '=', email.id).execute();
    expect(files).toEqual([{ filename: 'figures.csv', size: 500, source: 'reply' }]);
  });
});

describe('POST /api/inbound/mime', () => {
  const post = (body: string, headers: Record<string, string> = {}, query = '') =>
    t.request(`/api/inbound/mime${query}`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TOKEN}`, ...headers }, body });

  it('takes a raw message with the token: 202 after commit, 200 for the same Message-ID again', async () => {
    const q = await newInquiry(t);
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    const raw = message({ from: q.reporterEmail, to: 'press@pressdesk.test', messageId: id });
    const res = await post(raw, {}, `?recipient=${encodeURIComponent(reporter)}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ disposition: 'threaded', duplicate: false });
    expect(await inbound(id)).toMatchObject({ via: 'api', inquiry_id: q.id, recipient: reporter, envelope_from: null });
    const again = await post(raw, {}, `?recipient=${encodeURIComponent(reporter)}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
  });

  it('finds the reply address in the headers when no recipient is given', async () => {
    const q = await newInquiry(t);
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    expect((await post(message({ from: q.reporterEmail, to: reporter, messageId: id }))).status).toBe(202);
    expect(await inbound(id)).toMatchObject({ inquiry_id: q.id, matched_by: 'address' });
  });

  it('401 without the right token, 413 above the size, 404 when no INBOUND_TOKEN is configured; problem+json and nothing stored', async () => {
    const id = newMessageId();
    const raw = message({ from: 'a@example.com', to: 'press@pressdesk.test', messageId: id });
    const wrong = await post(raw, { authorization: 'Bearer not-the-token-at-all-000000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const none = await post(raw, { authorization: '' });
    expect(none.status).toBe(401);
    const huge = await post(message({ from: 'a@example.com', to: 'press@pressdesk.test', body: 'y'.repeat(MAX * 2) }));
    expect(huge.status).toBe(413);
    const saved = t.config.INBOUND_TOKEN;
    t.config.INBOUND_TOKEN = undefined;
    try {
      expect((await post(raw)).status).toBe(404);
    } finally {
      t.config.INBOUND_TOKEN = saved;
    }
    expect(await inbound(id)).toBeUndefined();
  });
});

describe('quarantine, for staff', () => {
  let indra: Session;
  let dale: Session;
  beforeAll(async () => {
    indra = await signIn(t, INDRA);
    dale = await signIn(t, DALE);
  });
  const list = (s: Session) => t.request('/api/staff/quarantine', { headers: { cookie: s.cookie } });
  const act = (s: Session, id: string, action: string, csrf = s.csrf) =>
    t.request(`/api/staff/inbound/${id}/${action}`, {
      method: 'POST',
      headers: { cookie: s.cookie, origin: BASE_URL, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: '{}',
    });

  async function quarantined() {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const { reporter } = await addresses(t, q.id);
    const id = newMessageId();
    await mx.send(message({ from: 'colleague@newsroom.example', to: reporter, messageId: id, body: 'I am her editor; any news?' }), { from: 'colleague@newsroom.example', to: reporter });
    return { q, m: (await inbound(id))! };
  }

  it("lists held messages to the inquiry's office only", async () => {
    const { m } = await quarantined();
    const mine = (await (await list(indra)).json()) as { items: { id: string; reason: string }[] };
    expect(mine.items.map((i) => i.id)).toContain(m.id);
    const theirs = (await (await list(dale)).json()) as { items: { id: string }[] };
    expect(theirs.items.map((i) => i.id)).not.toContain(m.id);
    expect((await t.request('/api/staff/quarantine')).status).toBe(401);
  });

  it("release puts it in the thread as the reporter's reply; another office gets 404 and a missing CSRF token 403, changing nothing", async () => {
    const { q, m } = await quarantined();
    expect((await act(dale, m.id, 'release')).status).toBe(404);
    expect((await act(indra, m.id, 'release', 'wrong')).status).toBe(403);
    expect((await inbound(`<${m.message_id}>`))?.disposition).toBe('quarantined');
    const res = await act(indra, m.id, 'release');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ disposition: 'released', inquiryId: q.id });
    const kinds = (await eventsOf(t, q.id)).map((e) => e.kind);
    expect(kinds.slice(-3)).toEqual(['email_released', 'follow_up', 'follow_up_notified']);
    // Still awaiting its first answer: it keeps its status, so escalation keeps watching it.
    expect((await row(t, q.id)).status).toBe('new');
    expect((await act(indra, m.id, 'release')).status).toBe(409);
  });

  it('drop keeps it out of the thread for good', async () => {
    const { q, m } = await quarantined();
    const res = await act(indra, m.id, 'drop');
    expect(res.status).toBe(200);
    const kinds = (await eventsOf(t, q.id)).map((e) => e.kind);
    expect(kinds).toContain('email_dropped');
    expect(kinds).not.toContain('follow_up');
    const after = await t.db.selectFrom('inbound_messages').select(['disposition', 'handled_by']).where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ disposition: 'dropped', handled_by: indra.userId });
  });
});

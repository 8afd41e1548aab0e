import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { createDirectoryCache } from '../../../src/modules/routing/directory.cache.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { countingDatabase } from '../../helpers/counting-db.js';

// Intake writes the inquiry, its events, emails, jobs and Idempotency-Key in
// one statement, without begin/commit; what names the reference is filled in
// by the database in that statement.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

/** Every statement an app on its own pool sends, in order. */
async function countingApp() {
  const { db, sent, close } = countingDatabase(t.tdb.url);
  const app = createApp({ ...t.deps, db });
  return { app, sent, close };
}

const PLACEHOLDER_CHARS = /[\ue000-\uf8ff]/;

describe('an inquiry is stored by one statement', () => {
  it('an API inquiry with an Idempotency-Key: one statement, no begin or commit; the inquiry, events, emails, jobs and key are all there', async () => {
    const counting = await countingApp();
    try {
      // China has one officer: no balancing count before the write.
      const reporter = 'one.statement@example.com';
      const key = `one-${randomUUID()}`;
      const before = await t.counts();
      const res = await counting.app.request('/api/inquiries', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(validInquiry({ email: reporter, country: 'CN', language: 'zh' })),
      });
      expect(res.status).toBe(201);
      const body = await res.json();
      const onRequest = counting.sent.filter((s) => !/rate_limits/.test(s));
      // The key is looked up once (nothing there yet), then everything is written.
      expect(onRequest.map((s) => s.trim())).toEqual([
        expect.stringMatching(/^select .* from "idempotency_keys"/s),
        expect.stringMatching(/^with i as \(insert into "inquiries"/),
      ]);
      expect(counting.sent.some((s) => /^\s*(begin|commit)\b/i.test(s))).toBe(false);
      const after = await t.counts();
      expect(after.inquiries - before.inquiries).toBe(1);
      expect(after.events - before.events).toBe(2);
      // The acknowledgement, and the alert to the officer and to the office's inbox, each with its job.
      expect(after.emails - before.emails).toBe(3);
      expect(after.jobs - before.jobs).toBe(3);
      expect(after.idempotency - before.idempotency).toBe(1);
      expect(body.reference).toMatch(/^PD-2026-\d{5,}$/);
    } finally {
      await counting.close();
    }
  });

  it('an inquiry naming a topic the cached directory knows: still one statement', async () => {
    const counting = await countingApp();
    try {
      const seeded = (await t.db.selectFrom('topics').select('code').executeTakeFirstOrThrow()).code;
      const res = await counting.app.request('/api/inquiries', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validInquiry({ email: 'one.statement.topic@example.com', country: 'CN', language: 'zh', topic: seeded })),
      });
      expect(res.status).toBe(201);
      expect(counting.sent.filter((s) => !/rate_limits/.test(s)).map((s) => s.trim())).toEqual([expect.stringMatching(/^with i as \(insert into "inquiries"/)]);
    } finally {
      await counting.close();
    }
  });

  it("a topic the process's copy of the directory has not caught up with: one added is accepted, one deleted is refused with 422 and nothing stored", async () => {
    // A copy that hears of no change (no LISTEN): what another process's copy is until the notification arrives.
    const behind = createDirectoryCache({ db: t.db, listenUrl: null });
    const app = createApp({ ...t.deps, directory: behind });
    const ask = (topic: string) =>
      app.request('/api/inquiries', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validInquiry({ email: 'topic.behind@example.com', topic })),
      });
    const added = `added-${randomUUID().slice(0, 8)}`;
    const deleted = `deleted-${randomUUID().slice(0, 8)}`;
    await t.db.insertInto('topics').values({ code: deleted, name: 'Deleted while running' }).execute();
    try {
      expect((await behind.topicCodes()).has(deleted)).toBe(true);
      await t.db.insertInto('topics').values({ code: added, name: 'Added while running' }).execute();
      await t.db.deleteFrom('topics').where('code', '=', deleted).execute();
      expect((await behind.topicCodes()).has(added)).toBe(false);

      const res = await ask(added);
      expect(res.status).toBe(201);
      const { id } = await res.json();
      expect((await t.db.selectFrom('inquiries').select('topic').where('id', '=', id).executeTakeFirstOrThrow()).topic).toBe(added);

      const before = await t.counts();
      const refused = await ask(deleted);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(await refused.json())).toContain('is not a known topic');
      expect(await t.counts()).toEqual(before);
    } finally {
      await behind.close();
    }
  });

  it('the reference the database numbered is in every email subject, reference header and template data, and in the answer kept under the key', async () => {
    const key = `ref-${randomUUID()}`;
    const res = await t.postJson('/api/inquiries', validInquiry({ email: 'ref.filled@example.com' }), { 'Idempotency-Key': key });
    expect(res.status).toBe(201);
    const { id, reference } = await res.json();
    const emails = await t.db.selectFrom('emails').select(['kind', 'subject', 'headers', 'template']).where('inquiry_id', '=', id).execute();
    expect(emails.map((e) => e.kind).sort()).toEqual(['acknowledgement', 'new_inquiry', 'new_inquiry']);
    for (const e of emails) {
      expect(e.subject).toContain(reference);
      expect(e.headers['X-Pressdesk-Reference']).toBe(reference);
      expect((e.template as { data: { reference: string } }).data.reference).toBe(reference);
      expect(JSON.stringify(e)).not.toMatch(PLACEHOLDER_CHARS);
    }
    const kept = await t.db.selectFrom('idempotency_keys').select(['response_body', 'inquiry_id']).where('key', '=', key).executeTakeFirstOrThrow();
    expect(kept.inquiry_id).toBe(id);
    expect(kept.response_body).toMatchObject({ id, reference });
    expect(JSON.stringify(kept.response_body)).not.toMatch(PLACEHOLDER_CHARS);
  });

  it('text a reporter wrote in private-use characters is stored as written: only the statement\'s own placeholder is replaced', async () => {
    const subject = 'Odd glyphs \ue000\ue001\uf8ff in the subject';
    const res = await t.postJson('/api/inquiries', validInquiry({ email: 'glyphs@example.com', subject }));
    expect(res.status).toBe(201);
    const { id, reference } = await res.json();
    const row = await t.db.selectFrom('inquiries').select('subject').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.subject).toBe(subject);
    const ack = await t.db.selectFrom('emails').select(['subject', 'template']).where('inquiry_id', '=', id).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(ack.subject).toContain(subject);
    expect(ack.subject).toContain(reference);
    expect((ack.template as { data: { subject: string } }).data.subject).toBe(subject);
  });

  it('requests with one key racing through the one statement: the key is held elsewhere until they all wait, then one stores, the others replay its answer', async () => {
    const key = `race-${randomUUID()}`;
    const reporter = 'one.statement.race@example.com';
    const body = validInquiry({ email: reporter });
    // Another session holds the key, uncommitted: each request passes the replay check, then blocks in its statement.
    const holder = new pg.Client({ connectionString: t.tdb.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`insert into idempotency_keys (key, request_hash, response_status, response_body) values ($1, 'held', 0, '{}')`, [key]);
      const answers = Array.from({ length: 4 }, () => t.postJson('/api/inquiries', body, { 'Idempotency-Key': key }));
      const until = Date.now() + 10_000;
      for (;;) {
        const { rows } = await holder.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (rows[0]!.n >= 4) break;
        if (Date.now() > until) throw new Error(`only ${rows[0]!.n} requests waited on the key`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await holder.query('rollback');
      const responses = await Promise.all(answers);
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
      const bodies = await Promise.all(responses.map((r) => r.json()));
      for (const b of bodies) expect(b).toEqual(bodies[0]);
    } finally {
      await holder.end();
    }
    const stored = await t.db.selectFrom('inquiries').select('id').where('email', '=', reporter).execute();
    expect(stored).toHaveLength(1);
    const acks = await t.db.selectFrom('emails').select('id').where('to_address', '=', reporter).execute();
    expect(acks).toHaveLength(1);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateLinks, MASKED_STATUS_LINK } from '../../../src/lib/link-tokens.js';
import { rotateLinkNonce } from '../../../src/modules/inquiries/inquiries.repository.js';
import { buildTestContext, TEST_LINK_SECRET, validInquiry, type TestContext } from '../../helpers/app.js';
import { Agent } from '../auth/cookie-jar.js';
import { INDRA, unique } from '../desk/actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  // The Agent speaks from an address of its own through X-Forwarded-For.
  t = await buildTestContext({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t.close();
});

interface Created {
  id: string;
  reference: string;
  statusUrl: string;
}

/** An inquiry for Malaysia (Indra's office) with an Idempotency-Key, and its links rebuilt as the service would. */
async function submit(key = unique('idem-key')) {
  const tag = unique('r');
  const input = validInquiry({ email: `${tag}@example.com`, subject: `Private links ${tag}` });
  const res = await t.postJson('/api/inquiries', input, { 'idempotency-key': key });
  expect(res.status).toBe(201);
  const body = (await res.json()) as Created;
  const row = await t.db.selectFrom('inquiries').select(['id', 'link_nonce']).where('id', '=', body.id).executeTakeFirstOrThrow();
  return { body, input, key, links: privateLinks(t.config, row), reporter: `${tag}@example.com` };
}

function secretsOf(links: ReturnType<typeof privateLinks>) {
  return [links.statusToken, links.replyReporterToken, links.replyStaffToken];
}

function expectNoneIn(haystack: string, needles: string[], where: string) {
  for (const needle of needles) expect(haystack.includes(needle), `${where} holds a private token`).toBe(false);
}

async function officer(): Promise<Agent> {
  const agent = new Agent(t);
  const res = await agent.signIn(INDRA);
  expect(res.status).toBe(303);
  return agent;
}

/** Everything the desk shows of the inquiry: the page, the staff API's inquiry and queue, the queue page. */
async function everyStaffView(agent: Agent, q: Created): Promise<Record<string, string>> {
  const views: Record<string, string> = {};
  for (const path of [`/desk/inquiries/${q.id}`, `/api/staff/inquiries/${q.id}`, `/api/staff/inquiries?q=${encodeURIComponent(q.reference)}`, '/desk']) {
    const res = await agent.get(path);
    expect(res.status, path).toBe(200);
    views[path] = await res.text();
  }
  return views;
}

describe("a reporter's private links", () => {
  it('the 201 statusUrl opens the status page, and an Idempotency-Key replay answers the same working URL', async () => {
    const { body, input, key, links } = await submit();
    expect(body.statusUrl).toBe(links.statusUrl);
    expect((await t.request(new URL(body.statusUrl).pathname)).status).toBe(200);

    const again = await t.postJson('/api/inquiries', input, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const replayed = (await again.json()) as Created;
    expect(replayed).toEqual(body);
    expect(again.headers.get('location')).toBe(body.statusUrl);
    expect((await t.request(new URL(replayed.statusUrl).pathname)).status).toBe(200);
  });

  it('no desk view or staff API answer holds the status link or either reply address, before and after the mail is delivered', async () => {
    const { body, links } = await submit();
    const agent = await officer();
    // An officer's reply: the reporter's copy carries the status link and the reporter's reply address.
    await t.db.updateTable('inquiries').set({ contact_id: sql`(select id from contacts where email = ${INDRA})` }).where('id', '=', body.id).execute();
    const replied = await agent.postWithCsrf(`/desk/inquiries/${body.id}/reply`, { version: '1', text: 'Here is our answer.' });
    expect(replied.status).toBe(303);

    // Queued: the outbox still has the links (they are needed to send), the desk shows them masked.
    const queued = await everyStaffView(agent, body);
    for (const [path, text] of Object.entries(queued)) expectNoneIn(text, secretsOf(links), path);
    expect(queued[`/desk/inquiries/${body.id}`]).toContain(MASKED_STATUS_LINK.replace("'", '&#39;'));
    const detail = JSON.parse(queued[`/api/staff/inquiries/${body.id}`]!) as { thread: { type: string; kind: string; text?: string | null }[] };
    const emailText = (d: typeof detail, kind: string) => d.thread.find((i) => i.type === 'email' && i.kind === kind)!.text;
    expect(emailText(detail, 'reply')).toContain(MASKED_STATUS_LINK);
    // The acknowledgement is rendered when it is sent: until then the desk has its subject and no text.
    expect(emailText(detail, 'acknowledgement')).toBeNull();

    await t.runJobs();
    const delivered = await everyStaffView(agent, body);
    for (const [path, text] of Object.entries(delivered)) expectNoneIn(text, secretsOf(links), path);
    const after = JSON.parse(delivered[`/api/staff/inquiries/${body.id}`]!) as typeof detail;
    expect(emailText(after, 'acknowledgement')).toContain(MASKED_STATUS_LINK);
    // Once sent, the outbox keeps the masked text and not the template data that held the links.
    const kept = await t.db.selectFrom('emails').select(['template', 'html']).where('inquiry_id', '=', body.id).execute();
    expect(kept.every((e) => e.template === null && e.html !== null)).toBe(true);
  });

  it("the reporter still gets them: the acknowledgement and the reply hold the working status link and are answered to the reporter's reply+ address; an officer alert holds only the officers' reply+ address", async () => {
    const { body, links, reporter } = await submit();
    const agent = await officer();
    await t.db.updateTable('inquiries').set({ contact_id: sql`(select id from contacts where email = ${INDRA})` }).where('id', '=', body.id).execute();
    expect((await agent.postWithCsrf(`/desk/inquiries/${body.id}/reply`, { version: '1', text: 'Our answer.' })).status).toBe(303);
    await t.runJobs();
    const mails = t.smtp!.received.filter((m) => m.envelope.to[0] === reporter);
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail.parsed.text).toContain(links.statusUrl);
    // Both answer to the reporter's side of the inquiry, so a reply by email threads.
    const [ack, reply] = [mails.find((m) => m.parsed.headers.get('auto-submitted') === 'auto-replied')!, mails.find((m) => m.parsed.headers.get('auto-submitted') !== 'auto-replied')!];
    expect(ack.parsed.replyTo?.value.map((a) => a.address)).toEqual([links.reporterReplyTo]);
    expect(reply.parsed.replyTo?.value.map((a) => a.address)).toEqual([links.reporterReplyTo]);
    const alerts = t.smtp!.received.filter((m) => m.raw.includes(body.reference) && m.envelope.to[0] !== reporter);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expectNoneIn(alert.raw, [links.statusToken, links.replyReporterToken], 'an officer alert');
      expect(alert.parsed.replyTo?.value.map((a) => a.address)).toEqual([links.staffReplyTo]);
    }
  });

  it('the database keeps no clear token: inquiry row, events, delivered outbox rows, idempotency answers', async () => {
    const { body, links } = await submit();
    const agent = await officer();
    await t.db.updateTable('inquiries').set({ contact_id: sql`(select id from contacts where email = ${INDRA})` }).where('id', '=', body.id).execute();
    expect((await agent.postWithCsrf(`/desk/inquiries/${body.id}/reply`, { version: '1', text: 'Answer for the dump test.' })).status).toBe(303);
    // A follow-up from the status page, which records events and a notice.
    const follow = await t.request(`${new URL(body.statusUrl).pathname}/follow-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.config.PUBLIC_BASE_URL },
      body: new URLSearchParams({ message: 'One more question.' }).toString(),
    });
    expect(follow.status).toBe(303);
    await t.runJobs();

    const dump = JSON.stringify(
      await Promise.all([
        t.db.selectFrom('inquiries').selectAll().where('id', '=', body.id).execute(),
        t.db.selectFrom('inquiry_events').selectAll().where('inquiry_id', '=', body.id).execute(),
        t.db.selectFrom('emails').selectAll().where('inquiry_id', '=', body.id).execute(),
        t.db.selectFrom('idempotency_keys').selectAll().where('inquiry_id', '=', body.id).execute(),
        t.db.selectFrom('audit_log').selectAll().where('target_id', '=', body.id).execute(),
        sql`select * from rate_limits`.execute(t.db),
      ]),
    );
    expect(dump).toContain(body.reference);
    const emails = await t.db.selectFrom('emails').select(['kind', 'status']).where('inquiry_id', '=', body.id).execute();
    expect(emails.map((e) => e.kind)).toEqual(expect.arrayContaining(['acknowledgement', 'reply', 'follow_up']));
    expect(emails.every((e) => e.status === 'sent')).toBe(true);
    expectNoneIn(dump, secretsOf(links), 'the database');
    expect(dump).not.toContain(TEST_LINK_SECRET);
  });

  it('a new nonce revokes the links; a transfer keeps them (the reporter keeps their link)', async () => {
    const { body, links } = await submit();
    const path = new URL(body.statusUrl).pathname;
    await t.db.updateTable('inquiries').set({ office_id: sql`(select id from offices where code = 'china')` }).where('id', '=', body.id).execute();
    expect((await t.request(path)).status).toBe(200);
    await rotateLinkNonce(t.db, TEST_LINK_SECRET, body.id);
    expect((await t.request(path)).status).toBe(404);
    const row = await t.db.selectFrom('inquiries').select(['id', 'link_nonce']).where('id', '=', body.id).executeTakeFirstOrThrow();
    const fresh = privateLinks(t.config, row);
    expect(fresh.statusToken).not.toBe(links.statusToken);
    expect((await t.request(new URL(fresh.statusUrl).pathname)).status).toBe(200);
  });
});

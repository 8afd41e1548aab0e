import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { lockGate } from '../../helpers/lock-gate.js';
import { addr, clientIp, deliveredTo, DEMO_ARTICLE_SLUG, outboxCounts, postShare, shareBody, SHARE_TEST_ENV, solvedAltcha } from './share-helpers.js';

// "Email this article" posted twice: the ALTCHA solution is the post's
// one-time token, so the same post again (a double click, a browser retry)
// lands on the same "sent" page and sends nothing more; the solution with
// anything else in the post is still refused as used.

let t: TestContext;
const gate = lockGate(() => t.db);

beforeAll(async () => {
  t = await buildTestContext({ smtp: true, queue: gate.queue, env: SHARE_TEST_ENV });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  gate.disarm();
});

const FORM_PATH = `/news/${DEMO_ARTICLE_SLUG}/share`;
const SENT = `/news/${DEMO_ARTICLE_SLUG}/share/sent?lang=en`;

function postForm(fields: [string, string][], ip: string) {
  return t.request(FORM_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    body: new URLSearchParams(fields).toString(),
  });
}

function formFields(recipients: string[], altcha: string, note = 'For your piece on vaccination.'): [string, string][] {
  return [
    ['language', 'en'],
    ...Array.from({ length: 5 }, (_, i): [string, string] => ['recipient', recipients[i] ?? '']),
    ['senderName', 'Siti Aminah'],
    ['senderEmail', 'siti.aminah@example.com'],
    ['note', note],
    ['altcha', altcha],
  ];
}

describe('the share form posted twice', () => {
  it('twice in a row → both 303 to the "sent" page; one share, and each recipient gets one message at the SMTP server', async () => {
    const to = [addr('twice'), addr('twice')];
    const fields = formFields(to, await solvedAltcha(t));
    const ip = clientIp();
    const before = await outboxCounts(t);

    const first = await postForm(fields, ip);
    expect(first.status, await first.clone().text()).toBe(303);
    expect(first.headers.get('location')).toBe(SENT);
    const queued = await outboxCounts(t);
    const second = await postForm(fields, ip);
    expect(second.status, await second.clone().text()).toBe(303);
    expect(second.headers.get('location')).toBe(SENT);
    expect(await outboxCounts(t)).toEqual(queued);
    expect(queued.shares - before.shares).toBe(1);
    expect(queued.emails - before.emails).toBe(2);

    const page = await t.request(second.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Sent</h1>');

    const delivered = await deliveredTo(t, ...to);
    expect(delivered.map((m) => m.envelope.to).sort()).toEqual(to.map((a) => [a]).sort());
  });

  it('twice at the same time → one request sends, the other waits for it and gets the same "sent" page', async () => {
    const to = [addr('race')];
    const fields = formFields(to, await solvedAltcha(t));
    const ip = clientIp();
    const before = await outboxCounts(t);
    gate.arm(1);
    const [a, b] = await Promise.all([postForm(fields, ip), postForm(fields, ip)]);
    expect(gate.observed()).toBe(1);
    expect([a!.status, b!.status]).toEqual([303, 303]);
    expect([a!.headers.get('location'), b!.headers.get('location')]).toEqual([SENT, SENT]);
    const after = await outboxCounts(t);
    expect(after.shares - before.shares).toBe(1);
    expect(after.emails - before.emails).toBe(1);
    expect(await deliveredTo(t, ...to)).toHaveLength(1);
  });

  it('the same solution with a changed note → the form again with the spam-check "already used" message, nothing sent', async () => {
    const to = [addr('changed')];
    const altcha = await solvedAltcha(t);
    const ip = clientIp();
    expect((await postForm(formFields(to, altcha), ip)).status).toBe(303);
    const before = await outboxCounts(t);
    const res = await postForm(formFields(to, altcha, 'Another note, typed after going back.'), ip);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This spam check has already been used. Please tick the box again.');
    expect(await outboxCounts(t)).toEqual(before);
  });

  it('through the API too: the same body and solution again → 202 with the same count, nothing sent again', async () => {
    const body = { ...shareBody(), altcha: await solvedAltcha(t) };
    const ip = clientIp();
    const first = await postShare(t, body, { ip });
    expect(first.status).toBe(202);
    const before = await outboxCounts(t);
    const again = await postShare(t, body, { ip });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(await first.json());
    expect(await outboxCounts(t)).toEqual(before);
  });
});

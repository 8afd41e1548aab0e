import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyFromEmail } from '../../../src/modules/desk/index.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { DALE, INDRA, JUANA, newInquiry, signIn } from '../desk/actions-helpers.js';
import { insertEvent, insertInbound } from '../desk/inbound-helpers.js';

// The reporter's status page with email in: their emailed replies and the
// office's answers (also those sent from an officer's mail client) are the
// conversation; notes, quarantine, bounces and who else at the office did what are not.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

async function userId(email: string) {
  return (await signIn(t, email)).userId;
}

describe('the status page and mail that came back in', () => {
  it("shows the reporter's emailed reply (escaped) and the officer's emailed answer; never notes, quarantined mail, bounces or other staff", async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const path = new URL(q.statusUrl).pathname;

    t.clock.advance(60_000);
    const reply = await insertInbound(t, { inquiryId: q.id, from: q.reporterEmail, visible: 'My emailed reply <script>x()</script>', full: 'My emailed reply\n> QUOTED-HISTORY' });
    await insertEvent(t, q.id, 'follow_up', { message: 'My emailed reply <script>x()</script>', source: 'email', inboundMessageId: reply, actorName: 'Mei Ling', from: 'new', to: 'reporter_replied' });

    t.clock.advance(60_000);
    const answer = await insertInbound(t, { inquiryId: q.id, side: 'staff', from: JUANA, visible: 'ANSWER-FROM-OUTLOOK' });
    const outcome = await t.db.transaction().execute((trx) =>
      userId(JUANA).then((id) => replyFromEmail(trx, t.deps, id, q.id, { kind: 'reply', text: 'ANSWER-FROM-OUTLOOK', inboundMessageId: answer })),
    );
    expect(outcome.ok).toBe(true);

    t.clock.advance(60_000);
    const note = await insertInbound(t, { inquiryId: q.id, side: 'staff', from: INDRA, visible: '#note SECRET-NOTE' });
    const noted = await t.db.transaction().execute((trx) =>
      userId(INDRA).then((id) => replyFromEmail(trx, t.deps, id, q.id, { kind: 'note', text: 'SECRET-NOTE', inboundMessageId: note })),
    );
    expect(noted.ok).toBe(true);

    const held = await insertInbound(t, { inquiryId: q.id, disposition: 'quarantined', from: 'stranger@evil.example', visible: 'QUARANTINED-WORDS' });
    await insertEvent(t, q.id, 'email_quarantined', { inboundMessageId: held, from: 'stranger@evil.example', reason: 'QUARANTINE-REASON', side: 'reporter' });
    await insertEvent(t, q.id, 'email_dropped', { inboundMessageId: held, actorId: await userId(DALE), actorName: 'Dale Rutstein' });
    await insertEvent(t, q.id, 'email_bounced', { inboundMessageId: held, recipient: q.reporterEmail, reason: 'BOUNCE-REASON' });
    await insertEvent(t, q.id, 'reporter_address_added', { address: 'editor@example.com', actorName: 'Dale Rutstein' });

    const res = await t.request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    const thread = html.slice(html.indexOf('<ol class="thread">'), html.indexOf('</ol>', html.indexOf('<ol class="thread">')));
    expect(thread).toContain('My emailed reply &lt;script&gt;x()&lt;/script&gt;');
    expect(html).not.toContain('<script>x()');
    expect(thread).toContain('ANSWER-FROM-OUTLOOK');
    expect(thread).toContain('Juana Jaafar');
    // The reporter's words come before the answer, in time order.
    expect(thread.indexOf('My emailed reply')).toBeLessThan(thread.indexOf('ANSWER-FROM-OUTLOOK'));
    for (const hidden of ['QUOTED-HISTORY', 'SECRET-NOTE', 'QUARANTINED-WORDS', 'QUARANTINE-REASON', 'stranger@evil.example', 'BOUNCE-REASON', 'editor@example.com', 'Dale Rutstein', 'Indra Kumari Nadchatram', '/desk/']) {
      expect(html, hidden).not.toContain(hidden);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../../../src/modules/inbound/index.js';
import { BASE_URL, buildTestContext, type TestContext } from '../../helpers/app.js';
import { ADMIN, auditOf, DALE, form, get, JUANA, newInquiry, row, signIn, type Session } from '../desk/actions-helpers.js';
import { addresses, eventsOf, message, newMessageId, noDns } from './inbound-helpers.js';

// The quarantine page (/desk/quarantine): what a stranger sent, shown as text
// to the office that may judge it, released into the thread or dropped by a
// form post; another office's officer finds nothing and changes nothing.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

/** A stranger writes to a Malaysia inquiry's reporter address, through the real pipeline. */
async function strangerWrites(body = 'Please send me the embargoed figures <script>alert(1)</script>') {
  const q = await newInquiry(t, { country: 'MY' }, { assignee: JUANA });
  const { reporter } = await addresses(t, q.id);
  const raw = message({ from: 'Mallory <mallory@evil.example>', to: reporter, subject: 'Re: <b>urgent</b> figures', messageId: newMessageId('q'), body });
  const received = await receiveMessage({ ...t.deps, resolver: noDns }, Buffer.from(raw), { from: 'mallory@evil.example', to: [reporter], via: 'smtp' });
  expect(received.disposition).toBe('quarantined');
  return { q, raw, id: received.inboundMessageId };
}

async function disposition(id: string) {
  return (await t.db.selectFrom('inbound_messages').select(['disposition', 'handled_by']).where('id', '=', id).executeTakeFirstOrThrow());
}

async function page(s: Session) {
  const res = await get(t, s, '/desk/quarantine');
  expect(res.status).toBe(200);
  return res.text();
}

describe('/desk/quarantine', () => {
  it("shows the office's held mail as text: sender, address, subject, reason, time, inquiry link, words, and the buttons", async () => {
    const { q, id } = await strangerWrites();
    const s = await signIn(t, JUANA);
    const res = await get(t, s, '/desk/quarantine');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const card = html.slice(html.indexOf(`id="m-${id}"`), html.indexOf('</article>', html.indexOf(`id="m-${id}"`)));
    expect(card).toContain('<h2 id="m-' + id + '-h">Re: &lt;b&gt;urgent&lt;/b&gt; figures</h2>');
    expect(card).toContain('Mallory &lt;mallory@evil.example&gt;');
    expect(card).toContain('the reporter&#39;s reply address');
    expect(card).toContain('mallory@evil.example is neither the reporter');
    expect(card).toContain(`<a href="/desk/inquiries/${q.id}">${q.reference}</a>`);
    expect(card).toContain('Please send me the embargoed figures &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(card).toContain('<time datetime="2026-11-30T02:00:00.000Z">Mon, 30 Nov 2026, 02:00 GMT+0</time>');
    expect(card).toContain(`href="/desk/quarantine/${id}/original"`);
    expect(card).toContain(`<form method="post" action="/desk/quarantine/${id}/release"`);
    expect(card).toContain(`<form method="post" action="/desk/quarantine/${id}/drop"`);
    expect(card).toContain(`name="_csrf" value="${s.csrf}"`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<b>urgent</b>');
    // The menu links it, with the count.
    expect(html).toMatch(/<a href="\/desk\/quarantine">Quarantine \(\d+\)<\/a>/);
  });

  it('"view original" is the message as received, as a text/plain download, for staff who may see it only', async () => {
    const { raw, id } = await strangerWrites();
    const res = await get(t, await signIn(t, JUANA), `/desk/quarantine/${id}/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="message-${id}.txt"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(raw);
    // Who downloaded a stranger's mail is in the audit log; a refused try writes nothing.
    const viewed = () => t.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'inbound.view_original').where('target_id', '=', id).execute();
    expect(await viewed()).toEqual([{ action: 'inbound.view_original', target_id: id }]);
    expect((await get(t, await signIn(t, DALE), `/desk/quarantine/${id}/original`)).status).toBe(404);
    expect(await viewed()).toHaveLength(1);
    expect((await get(t, await signIn(t, JUANA), '/desk/quarantine/not-a-uuid/original')).status).toBe(404);
  });

  it("another office's officer sees none of it, and release, drop and the original are 404 for them; nothing changes", async () => {
    const { q, id } = await strangerWrites();
    const dale = await signIn(t, DALE); // China office lead
    expect(await page(dale)).not.toContain(id);
    const before = await row(t, q.id);
    const eventsBefore = (await eventsOf(t, q.id)).length;
    expect((await form(t, dale, `/desk/quarantine/${id}/release`, {})).status).toBe(404);
    expect((await form(t, dale, `/desk/quarantine/${id}/drop`, {})).status).toBe(404);
    expect(await disposition(id)).toEqual({ disposition: 'quarantined', handled_by: null });
    expect((await row(t, q.id)).version).toBe(before.version);
    expect(await eventsOf(t, q.id)).toHaveLength(eventsBefore);
    // The admin sees every office's.
    expect(await page(await signIn(t, ADMIN))).toContain(`id="m-${id}"`);
  });

  it('release: into the thread as the reporter\'s reply would be, recorded and audited; the page says so and no longer lists it; twice is 409', async () => {
    const { q, id } = await strangerWrites('The released words');
    const s = await signIn(t, JUANA);
    const res = await form(t, s, `/desk/quarantine/${id}/release`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/desk/quarantine?done=released&inquiry=${q.id}`);
    expect(await disposition(id)).toEqual({ disposition: 'released', handled_by: s.userId });
    const kinds = (await eventsOf(t, q.id)).map((e) => e.kind);
    // The release first, then the reporter's reply it delivered (and the office told of it).
    expect(kinds.indexOf('email_released')).toBeGreaterThan(-1);
    expect(kinds.indexOf('follow_up')).toBeGreaterThan(kinds.indexOf('email_released'));
    expect((await auditOf(t, id)).map((a) => a.action)).toEqual(['inbound.release']);

    const after = await (await get(t, s, res.headers.get('location')!)).text();
    expect(after).toContain('Released: the message is in the thread now');
    expect(after).toContain(`<a href="/desk/inquiries/${q.id}">Open the inquiry</a>`);
    expect(after).not.toContain(`id="m-${id}"`);
    const thread = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(thread).toContain('<strong>Juana Jaafar</strong> released an email from the quarantine into the thread');
    expect(thread).toContain('The released words');

    const again = await form(t, s, `/desk/quarantine/${id}/release`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('no longer held');
  });

  it('drop: kept out of the thread, recorded; without the CSRF token nothing happens', async () => {
    const { q, id } = await strangerWrites('DROPPED-WORDS');
    const s = await signIn(t, JUANA);
    const noCsrf = await t.request(`/desk/quarantine/${id}/drop`, {
      method: 'POST',
      headers: { cookie: s.cookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(noCsrf.status).toBe(403);
    expect((await disposition(id)).disposition).toBe('quarantined');

    const res = await form(t, s, `/desk/quarantine/${id}/drop`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/quarantine?done=dropped');
    expect((await disposition(id)).disposition).toBe('dropped');
    expect((await eventsOf(t, q.id)).at(-1)?.kind).toBe('email_dropped');
    const thread = await (await get(t, s, `/desk/inquiries/${q.id}`)).text();
    expect(thread).toContain('dropped an email from the quarantine');
    expect(thread).not.toContain('DROPPED-WORDS');
  });

  it('signed out: the sign-in page, never the messages', async () => {
    const res = await t.request('/desk/quarantine');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/desk\/sign-in/);
  });
});

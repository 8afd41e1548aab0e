import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { REFERENCE_PATTERN } from '../../../src/modules/inquiries/inquiries.reference.js';
import { BASE_URL, buildTestContext, replyAddressesOf, validInquiry, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/inquiries (happy path)', () => {
  it('routes a Malaysian inquiry about the release to the contact the release lists, stores it and answers the public contract', async () => {
    const res = await t.postJson('/api/inquiries', validInquiry({ articleSlug: DEMO_ARTICLE_SLUG }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['contact', 'dueAt', 'id', 'office', 'priority', 'reference', 'status', 'statusUrl']);
    expect(body.reference).toMatch(REFERENCE_PATTERN);
    expect(body.reference.startsWith('PD-2026-')).toBe(true);
    expect(body.status).toBe('new');
    expect(body.office).toEqual({ code: 'malaysia', name: 'UNICEF Media Malaysia' });
    expect(body.contact).toEqual({ name: 'Indra Kumari Nadchatram', title: 'UNICEF Media Malaysia' });
    expect(body.priority).toBe('normal');
    expect(body.statusUrl).toMatch(new RegExp(`^${BASE_URL}/inquiries/status/[A-Za-z0-9_-]{43}$`));

    const row = await t.db.selectFrom('inquiries').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.reference).toBe(body.reference);
    expect(row.country).toBe('MY');
    expect(row.privacy_notice_version).toBe(t.config.PRIVACY_NOTICE_VERSION);
    expect(row.routing.reasons[0]).toBe('country MY → malaysia');
    expect(row.routing.reasons).toContain('article lists Indra Kumari Nadchatram for malaysia');
    expect(row.contact_id).not.toBeNull();

    const emails = await t.db.selectFrom('emails').select(['kind', 'to_address', 'status']).where('inquiry_id', '=', body.id).orderBy('to_address').execute();
    expect(emails).toEqual([
      { kind: 'new_inquiry', to_address: 'indra.nadchatram@example.org', status: 'queued' },
      { kind: 'new_inquiry', to_address: 'media.malaysia@example.org', status: 'queued' },
      { kind: 'acknowledgement', to_address: 'mei.ling@example.com', status: 'queued' },
    ]);
  });

  it('delivers the acknowledgement in Malay and the officers\' alerts over SMTP, from the service with the right headers', async () => {
    const before = t.smtp!.received.length;
    const res = await t.postJson('/api/inquiries', validInquiry({ language: 'ms', email: 'reporter.ms@example.com' }));
    const body = await res.json();
    await t.runJobs();
    const mails = (await t.smtp!.waitFor(before + 3)).slice(before).filter((m) => m.raw.includes(body.reference));
    expect(mails).toHaveLength(3);
    const ack = mails.find((m) => m.envelope.to[0] === 'reporter.ms@example.com')!;
    expect(ack.envelope.to).toEqual(['reporter.ms@example.com']);
    expect(ack.parsed.from?.value).toEqual([{ name: 'UNICEF Media Malaysia', address: 'press@pressdesk.test' }]);
    expect(ack.parsed.subject).toContain(body.reference);
    expect(ack.parsed.subject).toMatch(/pertanyaan/i);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@pressdesk\.test>$/);
    const replyTo = await replyAddressesOf(t, body.id);
    expect(ack.parsed.replyTo?.value.map((a) => a.address)).toEqual([replyTo.reporter]);
    expect(ack.parsed.text).toContain(body.statusUrl);
    expect(ack.parsed.html).toContain(body.statusUrl);

    // Both Malaysia officers speak Malay; the one with fewer open inquiries (Juana: Indra has the first test's) is assigned.
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(['juana.jaafar@example.org', 'media.malaysia@example.org', 'reporter.ms@example.com']);
    const alert = mails.find((m) => m.envelope.to[0] === 'juana.jaafar@example.org')!;
    expect(alert.parsed.from?.value[0]?.address).toBe('press@pressdesk.test');
    expect(alert.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(alert.parsed.replyTo?.value.map((a) => a.address)).toEqual([replyTo.staff]);
    expect(alert.parsed.subject).toContain(body.reference);

    const statuses = await t.db.selectFrom('emails').select('status').where('inquiry_id', '=', body.id).execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
  });
});

describe('the reference and first events, written with the inquiry in one statement', () => {
  it('numbers from the sequence with five digits at least and more once a year needs them; the events keep their order', async () => {
    const { sql } = await import('kysely');
    await sql`select setval('inquiry_reference_seq', 99998)`.execute(t.db);
    const refs: string[] = [];
    for (const email of ['seq.a@example.com', 'seq.b@example.com']) {
      const res = await t.postJson('/api/inquiries', validInquiry({ email }));
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; reference: string };
      refs.push(body.reference);
      const events = await t.db.selectFrom('inquiry_events').select(['kind']).where('inquiry_id', '=', body.id).orderBy('id').execute();
      expect(events.map((e) => e.kind)).toEqual(['received', 'routed']);
    }
    expect(refs).toEqual(['PD-2026-99999', 'PD-2026-100000']);
    for (const ref of refs) expect(ref).toMatch(REFERENCE_PATTERN);
  });
});

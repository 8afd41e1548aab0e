import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphileQueue } from '../../../src/db/queue.js';
import { notifyFollowUp, SEND_DIGESTS_TASK } from '../../../src/modules/notifications/index.js';
import { buildTestContext, replyAddressesOf, type TestContext } from '../../helpers/app.js';
import { api, contactId, INDRA, JUANA, newInquiry, signIn } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

/**
 * Runs fn with these officers on the digest, then puts them back to immediate.
 * Written straight to the table, so the cached choice is dropped here as the settings page does
 * (the change's NOTIFY would also drop it, a moment later).
 */
async function withDigest(emails: string[], fn: () => Promise<void>) {
  await t.db.updateTable('staff_users').set({ notify: 'digest' }).where('email', 'in', emails).execute();
  t.deps.directory.invalidate();
  try {
    await fn();
  } finally {
    await t.db.updateTable('staff_users').set({ notify: 'immediate' }).where('email', 'in', emails).execute();
    t.deps.directory.invalidate();
  }
}

const followUp = (id: string) => t.db.transaction().execute((trx) => notifyFollowUp(trx, t.deps, id));
const userId = async (email: string) => (await t.db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const digestItems = async (email: string) =>
  t.db.selectFrom('staff_digest_items').select(['inquiry_id', 'kind']).where('user_id', '=', await userId(email)).orderBy('id').execute();

describe('notifyFollowUp (a reporter wrote again)', () => {
  it("tells the assignee at once by email, Reply-To the officers' side of the inquiry, and records it in the history", async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    expect(await followUp(q.id)).toEqual({ emailed: [JUANA], digested: [] });
    const event = await t.db.selectFrom('inquiry_events').select(['kind', 'data']).where('inquiry_id', '=', q.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toEqual({ kind: 'follow_up_notified', data: { emailed: [JUANA], digested: [] } });

    const before = t.smtp!.received.length;
    await t.runJobs();
    const mails = (await t.smtp!.waitFor(before + 1)).slice(before).filter((m) => m.parsed.subject?.startsWith('The reporter wrote again'));
    expect(mails.map((m) => m.envelope.to)).toEqual([[JUANA]]);
    expect(mails[0]!.parsed.subject).toBe(`The reporter wrote again on ${q.reference}: ${q.subject}`);
    expect(mails[0]!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mails[0]!.parsed.text).toContain(`http://pressdesk.test/desk/inquiries/${q.id}`);
    expect(mails[0]!.parsed.replyTo?.value.map((a) => a.address)).toEqual([(await replyAddressesOf(t, q.id)).staff]);
  });

  it('with nobody assigned, tells the office\'s duty officer and its inbox', async () => {
    const q = await newInquiry(t, {}, { assignee: null });
    // Juana is Malaysia's duty officer in the demo rota.
    expect(await followUp(q.id)).toEqual({ emailed: [JUANA, 'media.malaysia@example.org'], digested: [] });
  });

  it('an officer who chose the digest gets an entry instead of an email; urgent ones still go at once', async () => {
    await withDigest([JUANA], async () => {
      const q = await newInquiry(t, {}, { assignee: JUANA });
      expect(await followUp(q.id)).toEqual({ emailed: [], digested: [JUANA] });
      expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'follow_up').execute()).toEqual([]);
      expect(await digestItems(JUANA)).toContainEqual({ inquiry_id: q.id, kind: 'follow_up' });

      const urgent = await newInquiry(t, {}, { assignee: JUANA });
      await t.db.updateTable('inquiries').set({ priority: 'urgent' }).where('id', '=', urgent.id).execute();
      expect(await followUp(urgent.id)).toEqual({ emailed: [JUANA], digested: [] });
    });
    await t.db.deleteFrom('staff_digest_items').execute();
  });
});

describe('digest (staff_users.notify = digest) and the hourly send_digests task', () => {
  it('new-inquiry alerts and assignments are collected, then one digest email per officer lists them and the entries are gone', async () => {
    await withDigest([INDRA, JUANA], async () => {
      // Intake: the assignee's alert is held for the digest; the office inbox still gets its copy now.
      const q = await newInquiry(t);
      const assignee = (await t.db.selectFrom('inquiries as i').innerJoin('contacts as c', 'c.id', 'i.contact_id').select('c.email').where('i.id', '=', q.id).executeTakeFirstOrThrow()).email;
      const alerts = await t.db.selectFrom('emails').select('to_address').where('inquiry_id', '=', q.id).where('kind', '=', 'new_inquiry').execute();
      expect(alerts).toEqual([{ to_address: 'media.malaysia@example.org' }]);
      expect(await digestItems(assignee)).toEqual([{ inquiry_id: q.id, kind: 'new_inquiry' }]);

      // An urgent inquiry's alert is never held back.
      const urgent = await newInquiry(t, { deadline: '2026-11-30T05:00:00Z' });
      expect((await t.db.selectFrom('inquiries').select('priority').where('id', '=', urgent.id).executeTakeFirstOrThrow()).priority).toBe('urgent');
      const urgentAlerts = await t.db.selectFrom('emails').select('to_address').where('inquiry_id', '=', urgent.id).where('kind', '=', 'urgent_inquiry').execute();
      expect(urgentAlerts).toHaveLength(2);

      // An assignment by a lead to a digest officer.
      const other = await newInquiry(t, {}, { assignee: null });
      const indra = await signIn(t, INDRA);
      const juanaId = await contactId(t, JUANA);
      expect((await api(t, indra, `/api/staff/inquiries/${other.id}/assign`, { version: 1, contactId: juanaId })).status).toBe(200);
      expect(await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', other.id).where('kind', '=', 'assigned').execute()).toEqual([]);
      expect(await digestItems(JUANA)).toContainEqual({ inquiry_id: other.id, kind: 'assigned' });

      const waiting = (await digestItems(INDRA)).length + (await digestItems(JUANA)).length;
      expect(waiting).toBeGreaterThanOrEqual(2);
      const before = t.smtp!.received.length;
      await graphileQueue.add(t.db, SEND_DIGESTS_TASK, {});
      await t.runJobs(); // the digest task queues the emails, and the same run sends them
      await t.runJobs();
      const digests = (await t.smtp!.waitFor(before + 1)).slice(before).filter((m) => m.parsed.subject?.startsWith('UNICEF media desk digest'));
      const juanaDigest = digests.filter((m) => m.envelope.to[0] === JUANA);
      expect(juanaDigest).toHaveLength(1);
      expect(juanaDigest[0]!.parsed.text).toContain(`Assigned to you: ${(await t.db.selectFrom('inquiries').select('reference').where('id', '=', other.id).executeTakeFirstOrThrow()).reference}`);
      const assigneeDigest = digests.find((m) => m.envelope.to[0] === assignee)!;
      expect(assigneeDigest.parsed.text).toContain(`New inquiry: ${q.reference}`);
      expect(assigneeDigest.parsed.text).toContain(`http://pressdesk.test/desk/inquiries/${q.id}`);
      expect(digests.length).toBe(new Set(digests.map((m) => m.envelope.to[0])).size);
      expect(await t.db.selectFrom('staff_digest_items').select('id').execute()).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { buildTestContext, TEST_NOW, type TestContext } from '../../helpers/app.js';
import { type AdminClient, adminClient, contactId, expectNothingSaved, expectProblem, INDRA, JUANA, PIM, SATURDAY_10_KL } from './admin-helpers.js';

// POST /api/admin/routing/dry-run answers "where would this
// go, and why" with the live engine and directory, and stores nothing.

let t: TestContext;
let admin: AdminClient;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.close();
});

type Decision = { at: string; ruleSet: string; office: { code: string; name: string }; contact: { id: string; name: string; title: string } | null; priority: string; dueAt: string; reasons: string[] };

/** A dry-run that must succeed and must leave the database exactly as it was. */
async function dryRun(body: Record<string, unknown>): Promise<Decision> {
  return expectNothingSaved(t.db, async () => {
    const res = await admin.send('POST', '/api/admin/routing/dry-run', body);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  });
}

describe('dry-run', () => {
  it('a MY inquiry on Saturday 2026-12-05 10:00 in Kuala Lumpur → malaysia, the duty officer, with reasons; nothing stored', async () => {
    const d = await dryRun({ inquiry: { country: 'MY', subject: 'Child marriage figures' }, at: SATURDAY_10_KL });
    expect(d).toMatchObject({
      at: '2026-12-05T02:00:00.000Z',
      ruleSet: 'saved',
      office: { code: 'malaysia', name: 'UNICEF Media Malaysia' },
      contact: { id: await contactId(t.db, JUANA), name: 'Juana Jaafar' },
      priority: 'normal',
    });
    expect(d.reasons[0]).toBe('country MY → malaysia');
    expect(d.reasons).toContain('duty officer Juana Jaafar');
    expect(d.reasons.join('\n')).toMatch(/Saturday in Asia\/Kuala_Lumpur/);
    // Due in business hours: after the weekend, on Monday in Kuala Lumpur.
    expect(new Date(d.dueAt).getTime()).toBeGreaterThan(new Date('2026-12-07T00:30:00Z').getTime());
  });

  it('the article\'s contact on a working Monday, at the app clock when "at" is absent', async () => {
    const d = await dryRun({ inquiry: { country: 'MY', articleSlug: DEMO_ARTICLE_SLUG } });
    expect(d.at).toBe(new Date(TEST_NOW).toISOString());
    expect(d.contact).toMatchObject({ id: await contactId(t.db, INDRA), name: 'Indra Kumari Nadchatram' });
    expect(d.reasons).toContain('article lists Indra Kumari Nadchatram for malaysia');
  });

  it('a deadline before the office reopens makes it urgent and due before the deadline', async () => {
    const d = await dryRun({ inquiry: { country: 'MY', deadline: '2026-12-05T18:00:00+08:00' }, at: SATURDAY_10_KL });
    expect(d.priority).toBe('urgent');
    expect(new Date(d.dueAt).getTime()).toBeLessThanOrEqual(new Date('2026-12-05T18:00:00+08:00').getTime());
  });

  it('a rule created through the API is used by the next dry-run; disabled, it is not', async () => {
    const subject = 'Measles vaccine campaign in Sabah';
    const before = await dryRun({ inquiry: { country: 'MY', subject }, at: SATURDAY_10_KL });
    expect(before.office.code).toBe('malaysia');

    const created = await admin.send('POST', '/api/admin/routing/rules', {
      name: 'Vaccine questions go to the region',
      conditions: { countries: ['MY'], keywords: ['measles vaccine'] },
      office: 'eapro',
      contactId: await contactId(t.db, PIM),
      position: 1,
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };

    const used = await dryRun({ inquiry: { country: 'MY', subject }, at: SATURDAY_10_KL });
    expect(used.office.code).toBe('eapro');
    expect(used.reasons).toContain("rule 'Vaccine questions go to the region' → eapro");
    // Another subject does not match the keyword.
    expect((await dryRun({ inquiry: { country: 'MY', subject: 'School meals' }, at: SATURDAY_10_KL })).office.code).toBe('malaysia');

    expect((await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, { enabled: false })).status).toBe(200);
    const disabled = await dryRun({ inquiry: { country: 'MY', subject }, at: SATURDAY_10_KL });
    expect(disabled.office.code).toBe('malaysia');
    expect(disabled.reasons.join('\n')).not.toContain('Vaccine questions');
    expect((await admin.del(`/api/admin/routing/rules/${rule.id}`)).status).toBe(204);
  });

  it('a proposed rule set replaces the saved rules for this dry-run only ("dry-run a rule set before saving it")', async () => {
    const saved = await dryRun({ inquiry: { country: 'SG', language: 'zh' }, at: TEST_NOW });
    expect(saved.office.code).toBe('china'); // the seeded Chinese-language rule
    const rulesBefore = await (await admin.get('/api/admin/routing/rules')).json();

    const none = await dryRun({ inquiry: { country: 'SG', language: 'zh' }, at: TEST_NOW, rules: [] });
    expect(none).toMatchObject({ ruleSet: 'proposed', office: { code: 'eapro' } });
    expect(none.reasons[0]).toBe('country SG → eapro');

    const proposed = await dryRun({
      inquiry: { country: 'SG', language: 'zh', topic: 'emergencies' },
      at: TEST_NOW,
      rules: [
        { name: 'Off', conditions: {}, office: 'hq', enabled: false },
        { id: 'draft-2', name: 'Emergencies to the region', conditions: { topics: ['emergencies'] }, office: 'eapro', contactId: await contactId(t.db, PIM) },
        { name: 'Chinese to China', conditions: { languages: ['zh'] }, office: 'china' },
      ],
    });
    expect(proposed.office.code).toBe('eapro');
    expect(proposed.contact?.name).toBe('Pim Rattanakul');
    expect(proposed.reasons).toContain("rule 'Emergencies to the region' → eapro");
    expect(await (await admin.get('/api/admin/routing/rules')).json()).toEqual(rulesBefore);
  });
});

describe('bad input: dry-run refuses with 422 naming the field', () => {
  const refused = async (body: unknown, fields: string[], detail?: RegExp) => {
    const problem = await expectNothingSaved(t.db, async () =>
      expectProblem(await admin.send('POST', '/api/admin/routing/dry-run', body), 422, 'validation_failed', fields),
    );
    if (detail) expect(problem.errors!.map((e) => e.detail).join(' | ')).toMatch(detail);
  };

  it('unknown fields at the top, in the inquiry and in a proposed rule', async () => {
    await refused({ inquiry: { country: 'MY' }, when: TEST_NOW }, ['when']);
    await refused({ inquiry: { country: 'MY', email: 'a@example.org' } }, ['inquiry.email']);
    await refused({ inquiry: { country: 'MY' }, rules: [{ name: 'R', conditions: {}, office: 'hq', position: 1 }] }, ['rules.0.position']);
    await refused({ inquiry: { country: 'MY' }, rules: [{ name: 'R', conditions: { keyword: ['x'] }, office: 'hq' }] }, ['rules.0.conditions.keyword']);
  });

  it('unknown country, topic, article, a deadline not after "at", a malformed "at"', async () => {
    await refused({ inquiry: { country: 'XX' } }, ['inquiry.country'], /country code/);
    await refused({ inquiry: {} }, ['inquiry.country']);
    await refused({ inquiry: { country: 'MY', topic: 'astrology' } }, ['inquiry.topic'], /not a known topic/);
    await refused({ inquiry: { country: 'MY', articleSlug: 'no-such-article' } }, ['inquiry.articleSlug'], /not an article/);
    await refused({ inquiry: { country: 'MY', deadline: '2026-12-05T09:00:00+08:00' }, at: SATURDAY_10_KL }, ['inquiry.deadline'], /after/);
    await refused({ inquiry: { country: 'MY' }, at: 'Saturday' }, ['at'], /ISO 8601/);
  });

  it('proposed rules with an unknown office, contact or topic, or a contact outside the office', async () => {
    await refused(
      {
        inquiry: { country: 'MY' },
        rules: [
          { name: 'A', conditions: {}, office: 'atlantis' },
          { name: 'B', conditions: { topics: ['astrology'] }, office: 'malaysia', contactId: await contactId(t.db, PIM) },
          { name: 'C', conditions: {}, office: 'china', contactId: '00000000-0000-4000-8000-000000000000' },
        ],
      },
      ['rules.0.office', 'rules.1.conditions.topics.0', 'rules.1.contactId', 'rules.2.contactId'],
      /Pim Rattanakul is not a member of malaysia/,
    );
  });
});

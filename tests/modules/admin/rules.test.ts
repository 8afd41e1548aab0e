import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { type AdminClient, adminClient, contactId, DALE, directorySnapshot, expectNothingSaved, expectProblem, JUANA, PIM } from './admin-helpers.js';

// List, create, reorder, change, disable and delete routing
// rules at run time. Every test reads the current rules first, so none depends
// on what another test left behind.

let t: TestContext;
let admin: AdminClient;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.close();
});

type Rule = { id: string; position: number; name: string; enabled: boolean; conditions: Record<string, string[]>; office: string; contactId: string | null; contactName: string | null };

async function rules(): Promise<Rule[]> {
  const res = await admin.get('/api/admin/routing/rules');
  expect(res.status).toBe(200);
  return ((await res.json()) as { rules: Rule[] }).rules;
}

async function create(body: Record<string, unknown>): Promise<Rule> {
  const res = await admin.send('POST', '/api/admin/routing/rules', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const positions = (list: Rule[]) => list.map((r) => r.position);
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('routing rules, happy paths', () => {
  it('GET lists the seeded rules in priority order, with office codes and contact names', async () => {
    const list = await rules();
    expect(positions(list)).toEqual(oneToN(list.length));
    const zh = list.find((r) => r.name.startsWith('Chinese-language media'))!;
    expect(zh).toMatchObject({ enabled: true, office: 'china', contactId: null, conditions: { languages: ['zh'], countries: ['HK', 'MO', 'TW', 'SG'] } });
    const emergencies = list.find((r) => r.name === 'Emergencies in the region')!;
    expect(emergencies).toMatchObject({ office: 'eapro', contactId: await contactId(t.db, PIM), contactName: 'Pim Rattanakul' });
  });

  it('POST appends a rule at the end, normalises codes, bumps the directory version and this process routes with it at once', async () => {
    const before = await rules();
    const v0 = (await directorySnapshot(t.db)).version;
    const rule = await create({
      name: '  Broadcast media asking about vaccines  ',
      conditions: { countries: ['my', 'MY'], outletTypes: ['broadcast'], keywords: ['vaccine'] },
      office: 'malaysia',
      contactId: await contactId(t.db, JUANA),
    });
    expect(rule).toMatchObject({
      name: 'Broadcast media asking about vaccines',
      position: before.length + 1,
      enabled: true,
      office: 'malaysia',
      contactName: 'Juana Jaafar',
      conditions: { countries: ['MY'], outletTypes: ['broadcast'], keywords: ['vaccine'] },
    });
    expect((await rules()).map((r) => r.id)).toEqual([...before.map((r) => r.id), rule.id]);
    expect((await directorySnapshot(t.db)).version).toBeGreaterThan(v0);
    // No wait: the writer drops its own cache after the commit.
    const cached = await t.deps.directory.get();
    expect(cached.rules.find((r) => r.id === rule.id)).toMatchObject({ officeCode: 'malaysia', position: before.length + 1 });
  });

  it('POST with a position inserts it there and moves the later rules down; positions stay 1..n', async () => {
    const before = await rules();
    const rule = await create({ name: 'Top priority', conditions: {}, office: 'hq', position: 1 });
    const after = await rules();
    expect(after.map((r) => r.id)).toEqual([rule.id, ...before.map((r) => r.id)]);
    expect(positions(after)).toEqual(oneToN(after.length));
    const second = await create({ name: 'Second', conditions: { languages: ['ms'] }, office: 'malaysia', position: 2, enabled: false });
    expect(second).toMatchObject({ position: 2, enabled: false });
    expect((await rules()).map((r) => r.id).slice(0, 3)).toEqual([rule.id, second.id, before[0]!.id]);
  });

  it('PATCH changes name, conditions, office and contact; enabled: false disables it and it stays listed', async () => {
    const rule = await create({ name: 'To change', conditions: { countries: ['TH'] }, office: 'eapro' });
    const pim = await contactId(t.db, PIM);
    let res = await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, {
      name: 'Changed',
      conditions: { countries: ['TH', 'LA'], topics: ['emergencies'] },
      contactId: pim,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: rule.id, position: rule.position, name: 'Changed', office: 'eapro', contactId: pim, conditions: { countries: ['TH', 'LA'], topics: ['emergencies'] } });

    res = await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, { office: 'china', contactId: null });
    expect(await res.json()).toMatchObject({ office: 'china', contactId: null, contactName: null });

    res = await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, { enabled: false });
    expect(res.status).toBe(200);
    expect((await rules()).find((r) => r.id === rule.id)).toMatchObject({ enabled: false, name: 'Changed' });
    expect((await t.deps.directory.get()).rules.find((r) => r.id === rule.id)?.enabled).toBe(false);
  });

  it('PATCH that only disables works even when the rule\'s contact has since left the office', async () => {
    const juana = await contactId(t.db, JUANA);
    const rule = await create({ name: 'Stale contact', conditions: { countries: ['BN'] }, office: 'malaysia', contactId: juana });
    const office = await t.db.selectFrom('offices').select('id').where('code', '=', 'malaysia').executeTakeFirstOrThrow();
    await t.db.deleteFrom('office_members').where('office_id', '=', office.id).where('contact_id', '=', juana).execute();
    try {
      const res = await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, { enabled: false });
      expect(res.status).toBe(200);
      // Re-sending the contact is checked, though.
      await expectNothingSaved(t.db, async () =>
        expectProblem(await admin.send('PATCH', `/api/admin/routing/rules/${rule.id}`, { contactId: juana }), 422, 'validation_failed', ['contactId']),
      );
    } finally {
      await t.db.insertInto('office_members').values({ office_id: office.id, contact_id: juana, role: 'officer' }).execute();
    }
  });

  it('DELETE removes a rule (204) and closes the gap in the positions', async () => {
    const rule = await create({ name: 'To delete', conditions: {}, office: 'hq', position: 1 });
    const res = await admin.del(`/api/admin/routing/rules/${rule.id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const after = await rules();
    expect(after.some((r) => r.id === rule.id)).toBe(false);
    expect(positions(after)).toEqual(oneToN(after.length));
    await expectProblem(await admin.del(`/api/admin/routing/rules/${rule.id}`), 404, 'not_found');
  });

  it('POST /reorder sets positions 1..n in the order given', async () => {
    await create({ name: 'Reorder me', conditions: {}, office: 'hq' });
    const before = await rules();
    const reversed = before.map((r) => r.id).reverse();
    const res = await admin.send('POST', '/api/admin/routing/rules/reorder', { ids: reversed });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rules: Rule[] };
    expect(body.rules.map((r) => r.id)).toEqual(reversed);
    expect(positions(body.rules)).toEqual(oneToN(reversed.length));
    expect((await t.deps.directory.get()).rules.map((r) => r.id)).toEqual(reversed);
  });
});

describe('bad input: rules are refused with 422 naming the field, nothing saved', () => {
  const valid = () => ({ name: 'Valid rule', conditions: { countries: ['SG'] }, office: 'eapro' });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown top-level field', { ...valid(), priority: 'urgent' }, ['priority']],
    ['an unknown condition (a typo)', { ...valid(), conditions: { country: ['SG'] } }, ['conditions.country']],
    ['a missing name and office', { conditions: {} }, ['name', 'office']],
    ['a blank name', { ...valid(), name: '   ' }, ['name']],
    ['an unknown country code', { ...valid(), conditions: { countries: ['SG', 'XX'] } }, ['conditions.countries.1']],
    ['a three-letter country code', { ...valid(), conditions: { countries: ['MYS'] } }, ['conditions.countries.0']],
    ['an unsupported language', { ...valid(), conditions: { languages: ['fr'] } }, ['conditions.languages.0']],
    ['an unknown outlet type', { ...valid(), conditions: { outletTypes: ['blog'] } }, ['conditions.outletTypes.0']],
    ['a keyword with a line break', { ...valid(), conditions: { keywords: ['ok', 'bad\nline'] } }, ['conditions.keywords.1']],
    ['enabled that is not a boolean', { ...valid(), enabled: 'yes' }, ['enabled']],
    ['a contact id that is not a UUID', { ...valid(), contactId: '42' }, ['contactId']],
  ])('%s', async (_label, body, fields) => {
    await expectNothingSaved(t.db, async () => expectProblem(await admin.send('POST', '/api/admin/routing/rules', body), 422, 'validation_failed', fields));
  });

  it('an unknown office code, contact id and topic are each named', async () => {
    const body = { name: 'Refs', conditions: { topics: ['health', 'astrology'] }, office: 'atlantis', contactId: randomUUID() };
    const problem = await expectNothingSaved(t.db, async () =>
      expectProblem(await admin.send('POST', '/api/admin/routing/rules', body), 422, 'validation_failed', ['office', 'contactId', 'conditions.topics.1']),
    );
    expect(problem.errors!.find((e) => e.field === 'office')!.detail).toContain('atlantis');
    expect(problem.errors!.find((e) => e.field === 'conditions.topics.1')!.detail).toContain('astrology');
  });

  it('a rule contact who is not a member of the rule\'s office', async () => {
    const body = { ...valid(), office: 'china', contactId: await contactId(t.db, JUANA) };
    const problem = await expectNothingSaved(t.db, async () => expectProblem(await admin.send('POST', '/api/admin/routing/rules', body), 422, 'validation_failed', ['contactId']));
    expect(problem.errors![0]!.detail).toMatch(/Juana Jaafar is not a member of china/);
  });

  it('a position beyond the end', async () => {
    const n = (await rules()).length;
    const problem = await expectNothingSaved(t.db, async () =>
      expectProblem(await admin.send('POST', '/api/admin/routing/rules', { ...valid(), position: n + 2 }), 422, 'validation_failed', ['position']),
    );
    expect(problem.errors![0]!.detail).toContain(`1 to ${n + 1}`);
    await expectNothingSaved(t.db, async () =>
      expectProblem(await admin.send('POST', '/api/admin/routing/rules', { ...valid(), position: 0 }), 422, 'validation_failed', ['position']),
    );
  });

  it('PATCH: an unknown field (position is changed only by reorder), an empty patch, an office the contact does not work in', async () => {
    const rule = await create({ name: 'Patch target', conditions: {}, office: 'malaysia', contactId: await contactId(t.db, JUANA) });
    const path = `/api/admin/routing/rules/${rule.id}`;
    await expectNothingSaved(t.db, async () => expectProblem(await admin.send('PATCH', path, { position: 1 }), 422, 'validation_failed', ['position']));
    await expectNothingSaved(t.db, async () => expectProblem(await admin.send('PATCH', path, {}), 422, 'validation_failed', ['(body)']));
    await expectNothingSaved(t.db, async () => expectProblem(await admin.send('PATCH', path, { conditions: { topics: ['astrology'] } }), 422, 'validation_failed', ['conditions.topics.0']));
    const moved = await expectNothingSaved(t.db, async () => expectProblem(await admin.send('PATCH', path, { office: 'china' }), 422, 'validation_failed', ['contactId']));
    expect(moved.errors![0]!.detail).toMatch(/Juana Jaafar is not a member of china/);
    await expectNothingSaved(t.db, async () =>
      expectProblem(await admin.send('PATCH', path, { office: 'china', contactId: await contactId(t.db, JUANA) }), 422, 'validation_failed', ['contactId']),
    );
    // With a member of the new office it is fine.
    const ok = await admin.send('PATCH', path, { office: 'china', contactId: await contactId(t.db, DALE) });
    expect(ok.status).toBe(200);
  });

  it('an unknown rule id → 404 for PATCH and DELETE (a malformed id too), nothing saved', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '1']) {
      await expectNothingSaved(t.db, async () => {
        await expectProblem(await admin.send('PATCH', `/api/admin/routing/rules/${id}`, { enabled: false }), 404, 'not_found');
        await expectProblem(await admin.del(`/api/admin/routing/rules/${id}`), 404, 'not_found');
      });
    }
  });

  it('reorder: empty, an unknown id, a missing id, a duplicate, a malformed id', async () => {
    const ids = (await rules()).map((r) => r.id);
    const stranger = randomUUID();
    const cases: [unknown, string[], RegExp][] = [
      [{ ids: [] }, ['ids'], /every rule/],
      [{ ids: [...ids, stranger] }, [`ids.${ids.length}`], new RegExp(`not a rule id \\(${stranger}\\)`)],
      [{ ids: ids.slice(1) }, ['ids'], new RegExp(`missing ${ids[0]}`)],
      [{ ids: [...ids, ids[0]] }, [`ids.${ids.length}`], /second time/],
      [{ ids: ['first', ...ids.slice(1)] }, ['ids.0'], /UUID/],
      [{ ids, extra: true }, ['extra'], /not a known field/],
    ];
    for (const [body, fields, detail] of cases) {
      const problem = await expectNothingSaved(t.db, async () =>
        expectProblem(await admin.send('POST', '/api/admin/routing/rules/reorder', body), 422, 'validation_failed', fields),
      );
      expect(problem.errors!.map((e) => e.detail).join(' | ')).toMatch(detail);
    }
    expect((await rules()).map((r) => r.id)).toEqual(ids);
  });
});

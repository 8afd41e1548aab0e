import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { type AdminClient, adminClient, contactId, DALE, directorySnapshot, expectNothingSaved, expectProblem, INDRA, JUANA } from './admin-helpers.js';

// Edit offices, hours, holidays and duty officers at run time.
// Tests that change an office make their own (POST /api/admin/offices), so
// none depends on another's edits; reads of the demo offices change nothing.

let t: TestContext;
let admin: AdminClient;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
/** A new office of the test's own under eapro, with one member; returns its code and the member's id. */
async function newOffice(extra: Record<string, unknown> = {}): Promise<{ code: string; memberId: string }> {
  const code = `test-office-${++seq}`;
  const res = await admin.send('POST', '/api/admin/offices', {
    code,
    name: `Test office ${seq}`,
    city: 'Colombo',
    kind: 'country',
    email: `${code}@example.org`,
    timeZone: 'Asia/Colombo',
    parent: 'eapro',
    ...extra,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const office = await t.db.selectFrom('offices').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const member = await t.db
    .insertInto('contacts')
    .values({ office_id: office.id, name: `Officer ${seq}`, title: 'Media officer', email: `officer.${seq}@example.org`, languages: ['en'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('office_members').values({ office_id: office.id, contact_id: member.id }).execute();
  return { code, memberId: member.id };
}

async function office(code: string) {
  const res = await admin.get(`/api/admin/offices/${code}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('offices, happy paths', () => {
  it('GET shows everything routing knows: hours, holidays, members, duty officer, parent, countries, response target, time zone', async () => {
    const my = await office('malaysia');
    expect(my).toMatchObject({
      code: 'malaysia',
      kind: 'country',
      timeZone: 'Asia/Kuala_Lumpur',
      parent: 'eapro',
      countries: ['MY'],
      responseTargetHours: 8,
      active: true,
      dutyOfficer: { id: await contactId(t.db, JUANA), name: 'Juana Jaafar', email: JUANA },
    });
    expect(my.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [INDRA, 'lead'],
      [JUANA, 'officer'],
    ]);
    expect(my.members[0].topics).toEqual(['child-protection', 'education']);
    expect(my.hours).toContainEqual({ weekday: 5, opens: '14:45', closes: '17:30' });
    expect(my.hours.some((h: { weekday: number }) => h.weekday >= 6)).toBe(false);
    expect(my.holidays).toContainEqual({ startsOn: '2026-12-25', endsOn: '2026-12-25', name: 'Christmas Day' });
    expect((await office('hq')).parent).toBeNull();
  });

  it('GET of an unknown office → 404', async () => {
    await expectProblem(await admin.get('/api/admin/offices/atlantis'), 404, 'not_found');
  });

  it('POST creates an office (201) and routing sees it at once', async () => {
    const created = await admin.send('POST', '/api/admin/offices', {
      code: 'sri-lanka', name: 'UNICEF Media Sri Lanka', city: 'Colombo', kind: 'country', email: 'media.lk@example.org',
      timeZone: 'asia/colombo', parent: 'eapro', responseTargetHours: 6, countries: ['lk'],
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: 'sri-lanka', timeZone: 'Asia/Colombo', parent: 'eapro', countries: ['LK'], responseTargetHours: 6, active: true, dutyOfficer: null, members: [], hours: [], holidays: [] });
    const cached = await t.deps.directory.get();
    expect(cached.offices.find((o) => o.code === 'sri-lanka')).toMatchObject({ countries: ['LK'], parentCode: 'eapro' });
  });

  it('PATCH changes name, time zone, parent, response target, active, duty officer and countries in one go', async () => {
    const { code, memberId } = await newOffice();
    const v0 = (await directorySnapshot(t.db)).version;
    const res = await admin.send('PATCH', `/api/admin/offices/${code}`, {
      name: 'Renamed office',
      timeZone: 'US/Eastern',
      parent: 'hq',
      responseTargetHours: 12,
      active: false,
      dutyOfficer: memberId,
      countries: ['MV', 'bt'],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Renamed office', timeZone: 'America/New_York', parent: 'hq', responseTargetHours: 12, active: false,
      dutyOfficer: { id: memberId }, countries: ['BT', 'MV'],
    });
    expect((await directorySnapshot(t.db)).version).toBeGreaterThan(v0);
    const cached = (await t.deps.directory.get()).offices.find((o) => o.code === code)!;
    expect(cached).toMatchObject({ timeZone: 'America/New_York', parentCode: 'hq', active: false, dutyContactId: memberId, countries: ['BT', 'MV'], responseTargetHours: 12 });

    // And back: no parent, no duty officer, no countries.
    const back = await admin.send('PATCH', `/api/admin/offices/${code}`, { parent: null, dutyOfficer: null, countries: [], active: true });
    expect(await back.json()).toMatchObject({ parent: null, dutyOfficer: null, countries: [], active: true });
  });

  it("PATCH sets the office's mail display name (trimmed), shows it, and an empty string or null clears it", async () => {
    const { code } = await newOffice({ mailDisplayName: 'UNICEF Media Sri Lanka' });
    expect((await office(code)).mailDisplayName).toBe('UNICEF Media Sri Lanka');
    const set = await admin.send('PATCH', `/api/admin/offices/${code}`, { mailDisplayName: '  UNICEF Sri Lanka, Press Office  ' });
    expect(set.status).toBe(200);
    expect((await set.json()).mailDisplayName).toBe('UNICEF Sri Lanka, Press Office');
    const stored = () => t.db.selectFrom('offices').select('mail_display_name').where('code', '=', code).executeTakeFirstOrThrow();
    expect((await stored()).mail_display_name).toBe('UNICEF Sri Lanka, Press Office');
    expect((await (await admin.send('PATCH', `/api/admin/offices/${code}`, { mailDisplayName: '' })).json()).mailDisplayName).toBeNull();
    await admin.send('PATCH', `/api/admin/offices/${code}`, { mailDisplayName: 'Again' });
    expect((await (await admin.send('PATCH', `/api/admin/offices/${code}`, { mailDisplayName: null })).json()).mailDisplayName).toBeNull();
    expect((await stored()).mail_display_name).toBeNull();
    expect((await office('malaysia')).mailDisplayName).toBeNull();
  });

  it('PUT /hours replaces the weekly hours (a lunch break, a Saturday morning, touching intervals)', async () => {
    const { code } = await newOffice();
    const hours = [
      { weekday: 1, opens: '09:00', closes: '12:00' },
      { weekday: 1, opens: '12:00', closes: '13:00' },
      { weekday: 1, opens: '14:00', closes: '18:00' },
      { weekday: 6, opens: '09:00', closes: '12:00' },
    ];
    let res = await admin.send('PUT', `/api/admin/offices/${code}/hours`, { hours });
    expect(res.status).toBe(200);
    expect((await res.json()).hours).toEqual(hours);
    expect((await t.deps.directory.get()).offices.find((o) => o.code === code)!.hours).toEqual(hours);
    res = await admin.send('PUT', `/api/admin/offices/${code}/hours`, { hours: [{ weekday: 7, opens: '10:00', closes: '11:00' }] });
    expect((await res.json()).hours).toEqual([{ weekday: 7, opens: '10:00', closes: '11:00' }]);
    res = await admin.send('PUT', `/api/admin/offices/${code}/hours`, { hours: [] });
    expect((await res.json()).hours).toEqual([]);
  });

  it('PUT /holidays replaces the holidays, across a year boundary', async () => {
    const { code } = await newOffice();
    const holidays = [
      { startsOn: '2026-12-31', endsOn: '2027-01-02', name: 'New Year' },
      { startsOn: '2027-02-06', endsOn: '2027-02-06', name: 'Independence Day' },
    ];
    let res = await admin.send('PUT', `/api/admin/offices/${code}/holidays`, { holidays: [...holidays].reverse() });
    expect(res.status).toBe(200);
    expect((await res.json()).holidays).toEqual(holidays);
    expect((await t.deps.directory.get()).offices.find((o) => o.code === code)!.holidays).toEqual(holidays);
    res = await admin.send('PUT', `/api/admin/offices/${code}/holidays`, { holidays: [holidays[0]] });
    expect((await res.json()).holidays).toEqual([holidays[0]]);
  });
});

describe('bad input: offices are refused with 422 naming the field, nothing saved', () => {
  const refused = async (method: 'PATCH' | 'PUT' | 'POST', path: string, body: unknown, fields: string[], detail?: RegExp) => {
    const problem = await expectNothingSaved(t.db, async () => expectProblem(await admin.send(method, path, body), 422, 'validation_failed', fields));
    if (detail) expect(problem.errors!.map((e) => e.detail).join(' | ')).toMatch(detail);
    return problem;
  };

  it('unknown fields in every office body, also nested', async () => {
    await refused('PATCH', '/api/admin/offices/malaysia', { kind: 'head' }, ['kind'], /not a known field/);
    await refused('PATCH', '/api/admin/offices/malaysia', { name: 'x', code: 'other' }, ['code']);
    await refused('PUT', '/api/admin/offices/malaysia/hours', { hours: [{ weekday: 1, opens: '09:00', closes: '17:00', lunch: true }] }, ['hours.0.lunch']);
    await refused('PUT', '/api/admin/offices/malaysia/hours', { hours: [], week: 1 }, ['week']);
    await refused('PUT', '/api/admin/offices/malaysia/holidays', { holidays: [{ startsOn: '2027-01-01', endsOn: '2027-01-01', name: 'x', observed: true }] }, ['holidays.0.observed']);
    await refused('PATCH', '/api/admin/offices/malaysia', {}, ['(body)'], /at least one field/);
  });

  it.each<[string, string, string[]]>([
    ['an unknown zone', 'Mars/Olympus', ['timeZone']],
    ['a fixed offset, which ignores daylight saving', '+08:00', ['timeZone']],
    ['an offset-like name', 'UTC+8', ['timeZone']],
    ['empty', '', ['timeZone']],
  ])('unknown time zone: %s', async (_label, timeZone, fields) => {
    await refused('PATCH', '/api/admin/offices/malaysia', { timeZone }, fields, /not an IANA time zone/);
    await refused('POST', '/api/admin/offices', { code: 'tz-test', name: 'TZ', city: 'X', kind: 'country', email: 'tz@example.org', timeZone }, fields);
  });

  it.each<[string, Record<string, unknown>[], string[], RegExp]>([
    ['closes before opens', [{ weekday: 1, opens: '17:00', closes: '09:00' }], ['hours.0.closes'], /must be after opens \(17:00\)/],
    ['closes equal to opens', [{ weekday: 2, opens: '09:00', closes: '09:00' }], ['hours.0.closes'], /must be after opens/],
    ['a time without two-digit hours', [{ weekday: 1, opens: '9:00', closes: '17:00' }], ['hours.0.opens'], /HH:MM/],
    ['24:00', [{ weekday: 1, opens: '09:00', closes: '24:00' }], ['hours.0.closes'], /HH:MM/],
    ['minute 60', [{ weekday: 1, opens: '09:60', closes: '17:00' }], ['hours.0.opens'], /HH:MM/],
    ['seconds', [{ weekday: 1, opens: '09:00:00', closes: '17:00' }], ['hours.0.opens'], /HH:MM/],
    ['weekday 0', [{ weekday: 0, opens: '09:00', closes: '17:00' }], ['hours.0.weekday'], /1 \(Monday\) to 7 \(Sunday\)/],
    ['weekday 8', [{ weekday: 8, opens: '09:00', closes: '17:00' }], ['hours.0.weekday'], /1 \(Monday\) to 7/],
    ['weekday 1.5', [{ weekday: 1.5, opens: '09:00', closes: '17:00' }], ['hours.0.weekday'], /whole number from 1 \(Monday\) to 7 \(Sunday\)/],
    [
      'overlapping intervals on the same day',
      [{ weekday: 3, opens: '09:00', closes: '13:00' }, { weekday: 4, opens: '12:00', closes: '14:00' }, { weekday: 3, opens: '12:30', closes: '17:00' }],
      ['hours.2'],
      /overlaps 09:00–13:00 on Wednesday \(hours\.0\)/,
    ],
    ['the same interval twice', [{ weekday: 1, opens: '09:00', closes: '17:00' }, { weekday: 1, opens: '09:00', closes: '17:00' }], ['hours.1'], /overlaps/],
  ])('impossible hours: %s', async (_label, hours, fields, detail) => {
    await refused('PUT', '/api/admin/offices/malaysia/hours', { hours }, fields, detail);
  });

  it.each<[string, Record<string, unknown>[], string[], RegExp]>([
    ['reversed', [{ startsOn: '2027-01-02', endsOn: '2027-01-01', name: 'Backwards' }], ['holidays.0.endsOn'], /on or after startsOn \(2027-01-02\)/],
    [
      'overlapping',
      [{ startsOn: '2027-02-06', endsOn: '2027-02-08', name: 'Chinese New Year' }, { startsOn: '2027-02-08', endsOn: '2027-02-08', name: 'Another' }],
      ['holidays.1'],
      /overlaps 'Chinese New Year' 2027-02-06–2027-02-08 \(holidays\.0\)/,
    ],
    ['the same day twice', [{ startsOn: '2027-05-01', endsOn: '2027-05-01', name: 'A' }, { startsOn: '2027-05-01', endsOn: '2027-05-01', name: 'B' }], ['holidays.1'], /overlaps 'A'/],
    ['not a calendar date', [{ startsOn: '2027-02-30', endsOn: '2027-03-01', name: 'Nope' }], ['holidays.0.startsOn'], /not a calendar date/],
    ['not a date', [{ startsOn: '1 May 2027', endsOn: '2027-05-01', name: 'Nope' }], ['holidays.0.startsOn'], /YYYY-MM-DD/],
    ['no name', [{ startsOn: '2027-05-01', endsOn: '2027-05-01', name: '' }], ['holidays.0.name'], /empty/],
  ])('holidays: %s', async (_label, holidays, fields, detail) => {
    await refused('PUT', '/api/admin/offices/malaysia/holidays', { holidays }, fields, detail);
  });

  it.each<[string, unknown, RegExp]>([
    ['a line break that would start another header', 'UNICEF\r\nBcc: victim@example.com', /single line/],
    ['a bare line feed', 'UNICEF\nMedia', /single line/],
    ['angle brackets that would forge an address', 'UNICEF <ceo@example.org>', /< > or "/],
    ['a quote that would end the display name', 'UNICEF "Media"', /< > or "/],
    ['more than 100 characters', 'x'.repeat(101), /at most 100/],
    ['not a string', 42, /string/i],
  ])('a mail display name with %s', async (_label, mailDisplayName, detail) => {
    await refused('PATCH', '/api/admin/offices/malaysia', { mailDisplayName }, ['mailDisplayName'], detail);
  });

  it('cycles in office fallbacks: the office itself, its own child, a longer loop', async () => {
    await refused('PATCH', '/api/admin/offices/malaysia', { parent: 'malaysia' }, ['parent'], /loop: malaysia → malaysia/);
    await refused('PATCH', '/api/admin/offices/eapro', { parent: 'malaysia' }, ['parent'], /loop: eapro → malaysia → eapro/);
    await refused('PATCH', '/api/admin/offices/hq', { parent: 'china' }, ['parent'], /loop: hq → china → eapro → hq/);
    expect((await office('hq')).parent).toBeNull();
  });

  it('two concurrent edits that would together close a fallback loop: one is refused (writes are serialised)', async () => {
    const a = await newOffice();
    const b = await newOffice();
    const results = await Promise.all([
      admin.send('PATCH', `/api/admin/offices/${a.code}`, { parent: b.code }),
      admin.send('PATCH', `/api/admin/offices/${b.code}`, { parent: a.code }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    const refusedOne = results.find((r) => r.status === 422)!;
    await expectProblem(refusedOne, 422, 'validation_failed', ['parent']);
    const parents = [(await office(a.code)).parent, (await office(b.code)).parent];
    expect(parents).toContain('eapro'); // one of them still falls back to the region
  });

  it('unknown office codes, contacts and country codes; countries another office covers', async () => {
    await refused('PATCH', '/api/admin/offices/malaysia', { parent: 'atlantis' }, ['parent'], /not an office code \(atlantis\)/);
    await refused('PATCH', '/api/admin/offices/malaysia', { dutyOfficer: randomUUID() }, ['dutyOfficer'], /not a contact/);
    await refused('PATCH', '/api/admin/offices/malaysia', { dutyOfficer: 'juana' }, ['dutyOfficer'], /UUID/);
    await refused('PATCH', '/api/admin/offices/malaysia', { countries: ['MY', 'XX'] }, ['countries.1'], /not an ISO 3166-1 country code/);
    await refused('PATCH', '/api/admin/offices/malaysia', { countries: ['MY', 'CN'] }, ['countries.1'], /CN is covered by china; take it off china first/);
    await refused('POST', '/api/admin/offices', { code: 'dup', name: 'D', city: 'X', kind: 'country', email: 'd@example.org', timeZone: 'UTC', parent: 'nowhere', countries: ['TH'] }, ['parent', 'countries.0']);
  });

  it('a duty officer who is not a member of the office, or is inactive', async () => {
    await refused('PATCH', '/api/admin/offices/malaysia', { dutyOfficer: await contactId(t.db, DALE) }, ['dutyOfficer'], /Dale Rutstein is not a member of malaysia/);
    const { code, memberId } = await newOffice();
    await t.db.updateTable('contacts').set({ active: false }).where('id', '=', memberId).execute();
    await refused('PATCH', `/api/admin/offices/${code}`, { dutyOfficer: memberId }, ['dutyOfficer'], /is inactive/);
  });

  it('the head office cannot be deactivated, a second head office cannot be created, a code cannot be reused', async () => {
    await refused('PATCH', '/api/admin/offices/hq', { active: false }, ['active'], /head office/);
    await refused('POST', '/api/admin/offices', { code: 'hq2', name: 'H', city: 'X', kind: 'head', email: 'h@example.org', timeZone: 'UTC' }, ['kind'], /already a head office \(hq\)/);
    await refused('POST', '/api/admin/offices', { code: 'malaysia', name: 'M', city: 'X', kind: 'country', email: 'm@example.org', timeZone: 'UTC' }, ['code'], /already an office code/);
    await refused('POST', '/api/admin/offices', { code: 'Bad Code', name: 'M', city: 'X', kind: 'country', email: 'm@example.org', timeZone: 'UTC' }, ['code']);
    await refused('PATCH', '/api/admin/offices/malaysia', { responseTargetHours: 0 }, ['responseTargetHours']);
  });

  it('an unknown office code in the path → 404 for PATCH, hours and holidays, nothing saved', async () => {
    await expectNothingSaved(t.db, async () => {
      await expectProblem(await admin.send('PATCH', '/api/admin/offices/atlantis', { name: 'Atlantis' }), 404, 'not_found');
      await expectProblem(await admin.send('PUT', '/api/admin/offices/atlantis/hours', { hours: [] }), 404, 'not_found');
      await expectProblem(await admin.send('PUT', '/api/admin/offices/atlantis/holidays', { holidays: [] }), 404, 'not_found');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { route } from '../../../src/modules/routing/engine.js';
import type { Directory, DirectoryOffice, DirectoryRule, RoutableInquiry } from '../../../src/modules/routing/routing.types.js';
import { OFFICERS, OFFICES, OPTIONS, T, directory, inquiry, withOffice, withOfficer } from './demo-directory.js';

const decide = (over: Partial<RoutableInquiry>, now: Date, dir: Directory = directory(), options = OPTIONS) =>
  route(inquiry(over), dir, now, options);
const zhRule = (over: Partial<DirectoryRule> = {}): DirectoryRule => ({
  id: 'r-zh', name: 'Chinese-language media', position: 1, enabled: true, conditions: { languages: ['zh'] }, officeCode: 'china', contactId: null, ...over,
});

describe('route(): a Malaysian inquiry about a release on a Saturday', () => {
  it('MY inquiry about the release on a Saturday → malaysia, Indra off duty, duty officer Juana', () => {
    const d = decide({ articleContactIds: ['c-indra'] }, T.saturday);
    expect(d).toEqual({
      officeCode: 'malaysia',
      contactId: 'c-juana',
      priority: 'normal',
      dueAt: new Date('2026-12-07T09:00:00Z'),
      reasons: [
        'country MY → malaysia',
        'article lists Indra Kumari Nadchatram for malaysia',
        'Indra Kumari Nadchatram is off duty (Saturday in Asia/Kuala_Lumpur)',
        'duty officer Juana Jaafar',
        'no deadline: due within the malaysia response target of 8 business hours (Monday 2026-12-07 17:00 Asia/Kuala_Lumpur)',
      ],
    });
  });
});

describe('route(): the covering office', () => {
  const closedFR: DirectoryOffice = { ...OFFICES[3]!, id: 'office-closed', code: 'closed', countries: ['FR'], active: false, parentCode: null };
  const singapore: DirectoryOffice = { ...OFFICES[3]!, id: 'office-sg', code: 'singapore', countries: ['SG'], dutyContactId: null };
  it.each<[string, string, DirectoryOffice[], string, string[]]>([
    ['MY → malaysia', 'MY', OFFICES, 'malaysia', ['country MY → malaysia']],
    ['a lower-case code is upper-cased', 'my', OFFICES, 'malaysia', ['country MY → malaysia']],
    ['CN → china', 'CN', OFFICES, 'china', ['country CN → china']],
    ['TH → the regional office that lists it', 'TH', OFFICES, 'eapro', ['country TH → eapro']],
    ['US, covered by nobody → head office', 'US', OFFICES, 'hq', ['country US is covered by no office → hq']],
    ['the covering office is inactive → its parent', 'MY', withOffice('malaysia', { active: false }), 'eapro', ['country MY → malaysia', 'malaysia is inactive → eapro']],
    [
      'covering office and parent inactive → grandparent',
      'MY',
      withOffice('eapro', { active: false }, withOffice('malaysia', { active: false })),
      'hq',
      ['country MY → malaysia', 'malaysia is inactive → eapro', 'eapro is inactive → hq'],
    ],
    ['inactive with no parent → head office', 'FR', [...OFFICES, closedFR], 'hq', ['country FR → closed', 'closed is inactive and no office above it is active → hq']],
    ['a country office before the regional office that also lists the country', 'SG', [...OFFICES, singapore], 'singapore', ['country SG → singapore']],
  ])('%s', (_label, country, offices, code, firstReasons) => {
    const d = decide({ country }, T.monday, directory({ offices, rules: [] }));
    expect(d.officeCode).toBe(code);
    expect(d.reasons.slice(0, firstReasons.length)).toEqual(firstReasons);
  });

  it('throws for a directory without an active head office (admin validation prevents it)', () => {
    expect(() => decide({ country: 'US' }, T.monday, directory({ offices: withOffice('hq', { active: false }) }))).toThrow(/no active head office/);
  });
});

describe('route(): the article input', () => {
  it.each<[string, string[], Partial<RoutableInquiry>, string, string | null, string[]]>([
    ['a listed member on duty is taken', ['c-indra'], {}, 'malaysia', 'c-indra', ['article lists Indra Kumari Nadchatram for malaysia', 'Indra Kumari Nadchatram is on duty']],
    [
      'inactive and non-member contacts are passed over, in the article order',
      ['c-former', 'c-dale', 'c-juana', 'c-indra'],
      {},
      'malaysia',
      'c-juana',
      ['article lists Juana Jaafar for malaysia', 'Juana Jaafar is on duty'],
    ],
    [
      'no listed officer of the covering office → falls through',
      ['c-dale', 'c-unknown'],
      {},
      'malaysia',
      'c-indra',
      ['article lists no active officer of malaysia', 'Indra Kumari Nadchatram is on duty at malaysia (speaks en, 0 open inquiries)'],
    ],
    ['the article beats a matching rule', ['c-indra'], { language: 'zh' }, 'malaysia', 'c-indra', ['article lists Indra Kumari Nadchatram for malaysia', 'Indra Kumari Nadchatram is on duty']],
  ])('%s', (_label, articleContactIds, over, code, contactId, reasons) => {
    const d = decide({ articleContactIds, ...over }, T.monday);
    expect([d.officeCode, d.contactId]).toEqual([code, contactId]);
    expect(d.reasons.slice(1, 1 + reasons.length)).toEqual(reasons);
  });
});

describe('route(): admin rules', () => {
  it.each<[string, DirectoryRule[], DirectoryOffice[], string, string | null, string[]]>([
    ['a matching rule → its office', [zhRule()], OFFICES, 'china', 'c-dale', ["rule 'Chinese-language media' → china", 'Dale Rutstein is on duty at china (speaks zh, 0 open inquiries)']],
    [
      'the lowest position wins, whatever the array order',
      [zhRule({ id: 'r-late', name: 'Later', position: 5, officeCode: 'eapro' }), zhRule()],
      OFFICES,
      'china',
      'c-dale',
      ["rule 'Chinese-language media' → china"],
    ],
    ['a disabled rule is ignored', [zhRule({ id: 'r-off', name: 'Off', position: 0, officeCode: 'eapro', enabled: false }), zhRule()], OFFICES, 'china', 'c-dale', ["rule 'Chinese-language media' → china"]],
    [
      'a rule whose office is inactive is skipped with a reason',
      [zhRule()],
      withOffice('china', { active: false }),
      'malaysia',
      'c-indra',
      ["rule 'Chinese-language media' → china skipped: china is inactive", 'Indra Kumari Nadchatram is on duty at malaysia (0 open inquiries)'],
    ],
    ['a rule naming an unknown office is skipped', [zhRule({ name: 'Ghost', officeCode: 'atlantis' })], OFFICES, 'malaysia', 'c-indra', ["rule 'Ghost' → atlantis skipped: no such office"]],
    [
      "the rule's contact is preferred",
      [zhRule({ name: 'Regional Chinese desk', officeCode: 'eapro', contactId: 'c-pim' })],
      OFFICES,
      'eapro',
      'c-pim',
      ["rule 'Regional Chinese desk' → eapro", "rule 'Regional Chinese desk' prefers Pim Rattanakul", 'Pim Rattanakul is on duty'],
    ],
    [
      "the rule's contact is ignored when not a member of its office",
      [zhRule({ contactId: 'c-indra' })],
      OFFICES,
      'china',
      'c-dale',
      ["rule 'Chinese-language media' → china", "rule 'Chinese-language media' names Indra Kumari Nadchatram, who is not an active member of china"],
    ],
  ])('%s', (_label, rules, offices, code, contactId, reasons) => {
    const d = decide({ language: 'zh' }, T.monday, directory({ rules, offices }));
    expect([d.officeCode, d.contactId]).toEqual([code, contactId]);
    expect(d.reasons[0]).toBe('country MY → malaysia');
    expect(d.reasons.slice(1, 1 + reasons.length)).toEqual(reasons);
  });
});

describe('route(): follow the sun', () => {
  const saturdayNoon = new Date('2026-12-05T04:00:00Z'); // 12:00 in Kuala Lumpur
  const falls = 'deadline Saturday 2026-12-05 12:00 Asia/Kuala_Lumpur (less the 60-minute margin) falls before malaysia opens (Monday 2026-12-07 09:00 Asia/Kuala_Lumpur)';

  it('malaysia closed, deadline before it opens, eapro open → eapro, urgent, Indra dropped', () => {
    const d = decide({ articleContactIds: ['c-indra'], deadline: saturdayNoon }, T.fridayEvening);
    expect(d).toMatchObject({ officeCode: 'eapro', contactId: 'c-pim', priority: 'urgent', dueAt: new Date('2026-12-05T03:00:00Z') });
    expect(d.reasons).toEqual([
      'country MY → malaysia',
      'article lists Indra Kumari Nadchatram for malaysia',
      `${falls} → follow the sun: eapro is open and has someone on duty who reads en`,
      'Indra Kumari Nadchatram is not a member of eapro; dropped',
      'Pim Rattanakul is on duty at eapro (speaks en, 0 open inquiries)',
      'deadline Saturday 2026-12-05 11:00 Asia/Bangkok less the 60-minute margin is sooner than the eapro response target of 16 business hours → due Saturday 2026-12-05 10:00 Asia/Bangkok, urgent',
    ]);
  });

  it('eapro closed too → the next open office up the chain (hq)', () => {
    const d = decide({ deadline: saturdayNoon }, T.fridayNight);
    expect([d.officeCode, d.contactId, d.priority]).toEqual(['hq', 'c-alex', 'urgent']);
    expect(d.reasons[1]).toBe(`${falls} → follow the sun: hq is open and has someone on duty who reads en`);
  });

  describe('the language of the inquiry across the hand-over', () => {
    // hq open around the clock, so eapro (Bangkok, 17:00 Friday) and hq are both open.
    const allDay = ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
    const bothOpen = withOffice('hq', { hours: allDay });
    const zhAtHq = withOfficer('c-alex', { languages: ['en', 'zh'] });

    it('a Chinese inquiry skips an open office where nobody on duty reads Chinese for one where someone does', () => {
      const d = decide({ language: 'zh', deadline: saturdayNoon }, T.fridayEvening, directory({ offices: bothOpen, officers: zhAtHq, rules: [] }));
      expect([d.officeCode, d.contactId, d.priority]).toEqual(['hq', 'c-alex', 'urgent']);
      expect(d.reasons[1]).toBe(`${falls} → follow the sun: hq is open and has someone on duty who reads zh (nobody at eapro does)`);
      expect(d.reasons[2]).toBe('Alex Morgan is on duty at hq (speaks zh, 0 open inquiries)');
    });

    it('an English inquiry still goes to the first open office', () => {
      const d = decide({ language: 'en', deadline: saturdayNoon }, T.fridayEvening, directory({ offices: bothOpen, officers: zhAtHq, rules: [] }));
      expect(d.officeCode).toBe('eapro');
    });

    it('nobody open reads the language → the first open office, and the reasons say so', () => {
      const d = decide({ language: 'zh', deadline: saturdayNoon }, T.fridayEvening, directory({ offices: bothOpen, rules: [] }));
      expect(d.officeCode).toBe('eapro');
      expect(d.reasons[1]).toBe(`${falls} → follow the sun: eapro is open (no open office has anyone on duty who reads zh)`);
    });

    it('a reader who is out of office does not count', () => {
      const away = withOfficer('c-alex', { languages: ['en', 'zh'], absences: [{ startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-10T00:00:00Z') }] });
      const d = decide({ language: 'zh', deadline: saturdayNoon }, T.fridayEvening, directory({ offices: bothOpen, officers: away, rules: [] }));
      expect(d.officeCode).toBe('eapro');
    });
  });

  it('an inactive office on the chain is skipped', () => {
    const d = decide({ deadline: saturdayNoon }, T.fridayEvening, directory({ offices: withOffice('eapro', { active: false }) }));
    expect(d.officeCode).not.toBe('eapro');
    expect(d.reasons.some((r) => r.includes('follow the sun: eapro'))).toBe(false);
  });

  it('nothing open anywhere → stays, urgent, duty officer', () => {
    const d = decide({ deadline: new Date('2026-12-05T10:00:00Z') }, T.saturday);
    expect(d).toMatchObject({ officeCode: 'malaysia', contactId: 'c-juana', priority: 'urgent', dueAt: new Date('2026-12-05T09:00:00Z') });
    expect(d.reasons.slice(1)).toEqual([
      'deadline Saturday 2026-12-05 18:00 Asia/Kuala_Lumpur (less the 60-minute margin) falls before malaysia opens (Monday 2026-12-07 09:00 Asia/Kuala_Lumpur); no office above malaysia is open now → stays at malaysia, urgent',
      'nobody on duty at malaysia (Saturday in Asia/Kuala_Lumpur)',
      'duty officer Juana Jaafar',
      'deadline Saturday 2026-12-05 18:00 Asia/Kuala_Lumpur less the 60-minute margin is sooner than the malaysia response target of 8 business hours → due Saturday 2026-12-05 17:00 Asia/Kuala_Lumpur, urgent',
    ]);
  });

  it('deadline less margin exactly at the next opening → no follow the sun', () => {
    const d = decide({ deadline: new Date('2026-12-07T02:00:00Z') }, T.fridayEvening); // Monday 10:00 KL
    expect(d.officeCode).toBe('malaysia');
    expect(d.reasons.some((r) => r.includes('follow the sun'))).toBe(false);
  });

  it('office open now → no follow the sun even with a close deadline', () => {
    const d = decide({ deadline: new Date('2026-11-30T06:00:00Z') }, T.monday);
    expect(d.officeCode).toBe('malaysia');
    expect(d.reasons.some((r) => r.includes('follow the sun'))).toBe(false);
  });
});

describe('route(): the officer within the office', () => {
  const absent = (startsAt: string, endsAt: string) => ({ startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
  it.each<[string, Partial<RoutableInquiry>, Date, Directory, ReadonlyMap<string, number> | undefined, string | null, string[]]>([
    ['lowest position among equals', {}, T.monday, directory(), undefined, 'c-indra', ['Indra Kumari Nadchatram is on duty at malaysia (speaks en, 0 open inquiries)']],
    [
      'language before topic',
      { language: 'ms', topic: 'health' },
      T.monday,
      directory({ officers: withOfficer('c-juana', { topics: [] }, withOfficer('c-indra', { languages: ['en'], topics: ['health'] })) }),
      undefined,
      'c-juana',
      ['Juana Jaafar is on duty at malaysia (speaks ms, 0 open inquiries)'],
    ],
    ['then topic', { topic: 'health' }, T.monday, directory(), undefined, 'c-juana', ['Juana Jaafar is on duty at malaysia (speaks en, covers health, 0 open inquiries)']],
    ['then the lightest load', {}, T.monday, directory(), new Map([['c-indra', 3], ['c-juana', 1]]), 'c-juana', ['Juana Jaafar is on duty at malaysia (speaks en, 1 open inquiry)']],
    ['a missing load counts as 0', {}, T.monday, directory(), new Map([['c-indra', 2]]), 'c-juana', ['Juana Jaafar is on duty at malaysia (speaks en, 0 open inquiries)']],
    ['then name', {}, T.monday, directory({ officers: withOfficer('c-juana', { position: 0, name: 'Aisha Jaafar' }) }), undefined, 'c-juana', ['Aisha Jaafar is on duty at malaysia (speaks en, 0 open inquiries)']],
    ['then id', {}, T.monday, directory({ officers: withOfficer('c-juana', { position: 0, name: 'Indra Kumari Nadchatram', id: 'c-aaa' }) }), undefined, 'c-aaa', []],
    [
      'preferred officer out of office (joined absences) → the next on duty',
      { articleContactIds: ['c-indra'] },
      T.monday,
      directory({ officers: withOfficer('c-indra', { absences: [absent('2026-11-27T00:00:00Z', '2026-12-01T00:00:00Z'), absent('2026-12-01T00:00:00Z', '2026-12-04T09:00:00Z')] }) }),
      undefined,
      'c-juana',
      ['Indra Kumari Nadchatram is out of office until Friday 2026-12-04 17:00 Asia/Kuala_Lumpur', 'Juana Jaafar is on duty at malaysia (speaks en, 0 open inquiries)'],
    ],
    ['an absence that ended now is over', {}, T.monday, directory({ officers: withOfficer('c-indra', { absences: [absent('2026-11-20T00:00:00Z', '2026-11-30T02:00:00Z')] }) }), undefined, 'c-indra', []],
    ['outside hours on a working day', { articleContactIds: ['c-indra'] }, new Date('2026-11-30T00:00:00Z'), directory(), undefined, 'c-juana', ['Indra Kumari Nadchatram is off duty (Monday 08:00 in Asia/Kuala_Lumpur, outside office hours)', 'duty officer Juana Jaafar']],
    [
      'duty officer out of office → nobody',
      {},
      T.saturday,
      directory({ officers: withOfficer('c-juana', { absences: [absent('2026-12-04T00:00:00Z', '2026-12-07T01:00:00Z')] }) }),
      undefined,
      null,
      ['nobody on duty at malaysia (Saturday in Asia/Kuala_Lumpur); duty officer Juana Jaafar is out of office until Monday 2026-12-07 09:00 Asia/Kuala_Lumpur; the office inbox answers'],
    ],
    ['duty officer inactive → nobody', {}, T.saturday, directory({ officers: withOfficer('c-juana', { active: false }) }), undefined, null, ['nobody on duty at malaysia (Saturday in Asia/Kuala_Lumpur); duty officer Juana Jaafar is inactive; the office inbox answers']],
    ['duty officer not a member → nobody', {}, T.saturday, directory({ offices: withOffice('malaysia', { dutyContactId: 'c-pim' }) }), undefined, null, ['nobody on duty at malaysia (Saturday in Asia/Kuala_Lumpur); duty officer Pim Rattanakul is not a member of malaysia; the office inbox answers']],
    ['no duty officer → the office inbox', { country: 'CN' }, T.saturday, directory(), undefined, null, ['nobody on duty at china (Saturday in Asia/Shanghai); the office inbox answers']],
    ['preferred off duty, no duty officer', { articleContactIds: ['c-indra'] }, T.saturday, directory({ offices: withOffice('malaysia', { dutyContactId: null }) }), undefined, null, ['Indra Kumari Nadchatram is off duty (Saturday in Asia/Kuala_Lumpur)', 'nobody on duty at malaysia; the office inbox answers']],
    ['a public holiday', { country: 'CN' }, new Date('2026-10-01T02:00:00Z'), directory(), undefined, null, ['nobody on duty at china (National Day, a holiday in Asia/Shanghai); the office inbox answers']],
    [
      'open, but every member out of office',
      {},
      T.monday,
      directory({ officers: OFFICERS.map((o) => (o.memberships.some((m) => m.officeCode === 'malaysia') ? { ...o, absences: [absent('2026-11-29T00:00:00Z', '2026-12-02T00:00:00Z')] } : o)) }),
      undefined,
      null,
      ['nobody on duty at malaysia (every member is out of office); duty officer Juana Jaafar is out of office until Wednesday 2026-12-02 08:00 Asia/Kuala_Lumpur; the office inbox answers'],
    ],
    ['open, but no active members', { country: 'TH' }, T.monday, directory({ officers: withOfficer('c-pim', { active: false }) }), undefined, null, ['nobody on duty at eapro (no active members); duty officer Pim Rattanakul is inactive; the office inbox answers']],
  ])('%s', (_label, over, now, dir, loads, contactId, reasons) => {
    const d = route(inquiry(over), dir, now, { ...OPTIONS, loads });
    expect(d.contactId).toBe(contactId);
    const from = over.articleContactIds ? 2 : 1;
    expect(d.reasons.slice(from, from + reasons.length)).toEqual(reasons);
  });
});

describe('route(): due time and priority', () => {
  it.each<[string, Date | null, Date, string, 'urgent' | 'normal', string]>([
    ['no deadline → the response target in business hours', null, T.monday, '2026-12-01T01:30:00Z', 'normal', 'no deadline: due within the malaysia response target of 8 business hours (Tuesday 2026-12-01 09:30 Asia/Kuala_Lumpur)'],
    [
      'a deadline sooner than the target → deadline less margin, urgent',
      new Date('2026-11-30T06:00:00Z'),
      T.monday,
      '2026-11-30T05:00:00Z',
      'urgent',
      'deadline Monday 2026-11-30 14:00 Asia/Kuala_Lumpur less the 60-minute margin is sooner than the malaysia response target of 8 business hours → due Monday 2026-11-30 13:00 Asia/Kuala_Lumpur, urgent',
    ],
    [
      'a deadline after the target → the target, normal',
      new Date('2026-12-04T04:00:00Z'),
      T.monday,
      '2026-12-01T01:30:00Z',
      'normal',
      'deadline Friday 2026-12-04 12:00 Asia/Kuala_Lumpur leaves time for the malaysia response target of 8 business hours → due Tuesday 2026-12-01 09:30 Asia/Kuala_Lumpur',
    ],
    [
      'a deadline inside the margin → due now, never before',
      new Date('2026-11-30T02:30:00Z'),
      T.monday,
      '2026-11-30T02:00:00Z',
      'urgent',
      'deadline Monday 2026-11-30 10:30 Asia/Kuala_Lumpur less the 60-minute margin is sooner than the malaysia response target of 8 business hours → due Monday 2026-11-30 10:00 Asia/Kuala_Lumpur, urgent',
    ],
  ])('%s', (_label, deadline, now, dueAt, priority, reason) => {
    const d = decide({ deadline }, now);
    expect([d.dueAt, d.priority]).toEqual([new Date(dueAt), priority]);
    expect(d.reasons.at(-1)).toBe(reason);
    if (deadline) expect(d.dueAt.getTime()).toBeLessThanOrEqual(deadline.getTime());
  });
});

describe('route(): pure and deterministic', () => {
  const deepFreeze = <V>(v: V): V => {
    if (v && typeof v === 'object' && !(v instanceof Date)) for (const x of Object.values(v)) deepFreeze(x);
    return Object.freeze(v);
  };

  it('gives the same decision for the same inputs, in any directory order, without mutating the directory', () => {
    const frozen = deepFreeze(directory({ rules: [zhRule({ id: 'r-b', position: 2, officeCode: 'eapro' }), zhRule({ position: 1 })] }));
    const reordered: Directory = { offices: [...frozen.offices].reverse(), officers: [...frozen.officers].reverse(), rules: [...frozen.rules].reverse() };
    const over = { language: 'zh' as const, deadline: new Date('2026-12-05T04:00:00Z') };
    const first = route(inquiry(over), frozen, T.monday, OPTIONS);
    expect(route(inquiry(over), frozen, T.monday, OPTIONS)).toEqual(first);
    expect(route(inquiry(over), reordered, T.monday, OPTIONS)).toEqual(first);
    expect(first.officeCode).toBe('china');
  });
});

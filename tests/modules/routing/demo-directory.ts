import type {
  Directory,
  DirectoryOffice,
  DirectoryOfficer,
  DirectoryRule,
  Holiday,
  OpeningInterval,
  RoutableInquiry,
  Weekday,
} from '../../../src/modules/routing/routing.types.js';

// A small directory in the demo's shape (china, malaysia, eapro, hq with their
// real time zones, 09:00–17:30 Monday to Friday and 2026 holidays), built here
// so the engine tests do not depend on the seed's data changing.

const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const officeHours: OpeningInterval[] = WORKDAYS.map((weekday) => ({ weekday, opens: '09:00', closes: '17:30' }));

const holidays = (list: [string, string, string][]): Holiday[] => list.map(([startsOn, endsOn, name]) => ({ startsOn, endsOn, name }));

function office(code: string, over: Partial<DirectoryOffice> & Pick<DirectoryOffice, 'kind' | 'timeZone'>): DirectoryOffice {
  return {
    id: `office-${code}`,
    code,
    name: `Office ${code}`,
    email: `media.${code}@example.org`,
    countries: [],
    responseTargetHours: 8,
    active: true,
    parentCode: null,
    dutyContactId: null,
    hours: officeHours,
    holidays: [],
    ...over,
  };
}

export const OFFICES: DirectoryOffice[] = [
  office('hq', {
    kind: 'head',
    timeZone: 'America/New_York',
    responseTargetHours: 24,
    dutyContactId: 'c-alex',
    holidays: holidays([['2026-11-26', '2026-11-26', 'Thanksgiving Day'], ['2026-12-25', '2026-12-25', 'Christmas Day']]),
  }),
  office('eapro', {
    kind: 'regional',
    timeZone: 'Asia/Bangkok',
    countries: ['TH', 'VN', 'KH', 'SG'],
    responseTargetHours: 16,
    parentCode: 'hq',
    dutyContactId: 'c-pim',
    holidays: holidays([['2026-12-10', '2026-12-10', 'Constitution Day'], ['2026-12-31', '2026-12-31', "New Year's Eve"]]),
  }),
  office('china', {
    kind: 'country',
    timeZone: 'Asia/Shanghai',
    countries: ['CN'],
    parentCode: 'eapro',
    holidays: holidays([['2026-02-15', '2026-02-23', 'Spring Festival'], ['2026-10-01', '2026-10-07', 'National Day']]),
  }),
  office('malaysia', {
    kind: 'country',
    timeZone: 'Asia/Kuala_Lumpur',
    countries: ['MY'],
    parentCode: 'eapro',
    dutyContactId: 'c-juana',
    holidays: holidays([['2026-08-31', '2026-08-31', 'National Day'], ['2026-12-25', '2026-12-25', 'Christmas Day']]),
  }),
];

function officer(id: string, name: string, offices: string[], over: Partial<DirectoryOfficer> = {}): DirectoryOfficer {
  return {
    id,
    name,
    title: 'Press officer',
    email: `${id}@example.org`,
    languages: ['en'],
    topics: [],
    position: 0,
    active: true,
    memberships: offices.map((officeCode, i) => ({ officeCode, role: i === 0 ? 'lead' : 'officer' })),
    absences: [],
    ...over,
  };
}

export const OFFICERS: DirectoryOfficer[] = [
  officer('c-dale', 'Dale Rutstein', ['china'], { languages: ['en', 'zh'], topics: ['child-rights'] }),
  officer('c-indra', 'Indra Kumari Nadchatram', ['malaysia'], { languages: ['en', 'ms'], topics: ['education'] }),
  officer('c-juana', 'Juana Jaafar', ['malaysia'], { languages: ['ms', 'en'], topics: ['health'], position: 1 }),
  officer('c-pim', 'Pim Rattanakul', ['eapro'], { languages: ['en', 'th'], topics: ['emergencies'] }),
  officer('c-alex', 'Alex Morgan', ['hq'], { languages: ['en', 'fr'] }),
  officer('c-former', 'Former Officer', ['malaysia'], { languages: ['en', 'ms', 'zh'], active: false }),
];

export const RULES: DirectoryRule[] = [
  { id: 'r-zh', name: 'Chinese-language media', position: 1, enabled: true, conditions: { languages: ['zh'] }, officeCode: 'china', contactId: null },
];

export function directory(over: { offices?: DirectoryOffice[]; officers?: DirectoryOfficer[]; rules?: DirectoryRule[] } = {}): Directory {
  return { offices: over.offices ?? OFFICES, officers: over.officers ?? OFFICERS, rules: over.rules ?? RULES };
}

/** The demo directory with some offices or officers changed. */
export function withOffice(code: string, change: Partial<DirectoryOffice>, base = OFFICES): DirectoryOffice[] {
  return base.map((o) => (o.code === code ? { ...o, ...change } : o));
}
export function withOfficer(id: string, change: Partial<DirectoryOfficer>, base = OFFICERS): DirectoryOfficer[] {
  return base.map((o) => (o.id === id ? { ...o, ...change } : o));
}

export function inquiry(over: Partial<RoutableInquiry> = {}): RoutableInquiry {
  return { country: 'MY', language: 'en', topic: null, outletType: null, subject: 'A question', deadline: null, articleContactIds: [], ...over };
}

/** Times used below, each with its local meaning. */
export const T = {
  /** Monday 30 Nov 2026, 10:00 in Kuala Lumpur and Shanghai, 09:00 Bangkok, Sunday 21:00 New York. */
  monday: new Date('2026-11-30T02:00:00Z'),
  /** Saturday 5 Dec 2026, 10:00 in Kuala Lumpur; Friday 21:00 New York; everything closed. */
  saturday: new Date('2026-12-05T02:00:00Z'),
  /** Friday 4 Dec 2026, 18:00 in Kuala Lumpur (closed), 17:00 in Bangkok (open), 05:00 New York. */
  fridayEvening: new Date('2026-12-04T10:00:00Z'),
  /** Friday 4 Dec 2026, 23:00 in Kuala Lumpur, 22:00 Bangkok (both closed), 10:00 New York (open). */
  fridayNight: new Date('2026-12-04T15:00:00Z'),
};

export const OPTIONS = { deadlineMarginMinutes: 60 };

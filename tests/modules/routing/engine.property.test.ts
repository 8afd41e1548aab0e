import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessHours, isOpen, nextOpening } from '../../../src/modules/routing/business-hours.js';
import { route } from '../../../src/modules/routing/engine.js';
import type {
  Directory,
  DirectoryOffice,
  DirectoryOfficer,
  DirectoryRule,
  OfficeSchedule,
  OpeningInterval,
  RoutableInquiry,
  Weekday,
} from '../../../src/modules/routing/routing.types.js';

// Generated directories, inquiries and clocks. The clocks sit around the
// daylight-saving changes of Sydney, New York and London and around the new
// year; every directory has a Sydney office, so DST is always in play.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const ZONES: Record<string, string> = {
  hq: 'America/New_York',
  eapro: 'Asia/Bangkok',
  sydney: 'Australia/Sydney',
  china: 'Asia/Shanghai',
  malaysia: 'Asia/Kuala_Lumpur',
  london: 'Europe/London',
};
const CODES = Object.keys(ZONES);
const COUNTRIES = ['AU', 'CN', 'MY', 'GB', 'TH', 'NZ', 'US'];
const TOPICS = ['health', 'education', 'emergencies'];
const LANGUAGES = ['en', 'zh', 'ms'] as const;
const NAMES = ['Ana Lim', 'Ben Ong', 'Chen Yu', 'Ana Lim', 'Dewi Sari'];
const CLOCK_BASES = [
  '2026-04-05T00:00:00Z', // Sydney leaves DST
  '2026-10-04T00:00:00Z', // Sydney enters DST
  '2026-03-08T12:00:00Z', // New York enters DST
  '2026-11-01T12:00:00Z', // New York leaves DST
  '2026-03-29T12:00:00Z', // London enters DST
  '2026-12-31T12:00:00Z', // the year boundary
].map((iso) => Date.parse(iso));

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hhmm = (halfHours: number) => `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;

const clockArb = fc.tuple(fc.constantFrom(...CLOCK_BASES), fc.integer({ min: -4 * 24 * 60, max: 4 * 24 * 60 })).map(([base, minutes]) => new Date(base + minutes * MINUTE_MS));

const intervalArb: fc.Arbitrary<OpeningInterval> = fc
  .record({ weekday: fc.integer({ min: 1, max: 7 }), opens: fc.integer({ min: 0, max: 46 }), length: fc.integer({ min: 1, max: 30 }) })
  .map(({ weekday, opens, length }) => ({ weekday: weekday as Weekday, opens: hhmm(opens), closes: hhmm(Math.min(47, opens + length)) }));

const everyDay = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d as Weekday, opens, closes }));

/** Hours: mostly a working week or long days, sometimes random, sparse or none, or a night shift across the DST hour. */
const hoursArb: fc.Arbitrary<OpeningInterval[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<OpeningInterval[]>(everyDay('09:00', '17:30').filter((h) => h.weekday <= 5)) },
  { weight: 2, arbitrary: fc.constant<OpeningInterval[]>(everyDay('07:00', '22:00')) },
  { weight: 3, arbitrary: fc.array(intervalArb, { minLength: 0, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constant<OpeningInterval[]>([...everyDay('01:00', '04:00'), { weekday: 1 as Weekday, opens: '09:00', closes: '12:00' }]) },
);

const holidaysArb = (now: Date) =>
  fc.array(
    fc.record({ from: fc.integer({ min: -10, max: 40 }), days: fc.integer({ min: 0, max: 12 }) }).map(({ from, days }) => ({
      startsOn: isoDate(now.getTime() + from * DAY_MS),
      endsOn: isoDate(now.getTime() + (from + days) * DAY_MS),
      name: `Holiday ${from}`,
    })),
    { maxLength: 3 },
  );

const officeArb = (code: string, now: Date, officerIds: string[]): fc.Arbitrary<DirectoryOffice> =>
  fc
    .record({
      active: code === 'hq' ? fc.constant(true) : fc.boolean(),
      countries: fc.subarray(COUNTRIES.filter((c) => c !== 'US')),
      // Mostly the usual tree; sometimes any office, so cycles and odd chains are exercised too.
      parentCode: code === 'hq' ? fc.constant(null) : fc.oneof(fc.constant(code === 'eapro' || code === 'london' ? 'hq' : 'eapro'), fc.constantFrom(null, ...CODES)),
      hours: hoursArb,
      holidays: holidaysArb(now),
      responseTargetHours: fc.integer({ min: 1, max: 40 }),
      dutyContactId: fc.constantFrom(null, ...officerIds),
    })
    .map((o) => ({
      ...o,
      id: `office-${code}`,
      code,
      name: code,
      kind: code === 'hq' ? 'head' : code === 'eapro' ? 'regional' : 'country',
      email: `${code}@example.org`,
      timeZone: ZONES[code]!,
    }));

const officerArb = (id: string, now: Date): fc.Arbitrary<DirectoryOfficer> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom(...NAMES),
    title: fc.constant('Press officer'),
    email: fc.constant(`${id}@example.org`),
    languages: fc.subarray([...LANGUAGES]),
    topics: fc.subarray(TOPICS),
    position: fc.integer({ min: 0, max: 3 }),
    active: fc.integer({ min: 0, max: 3 }).map((n) => n > 0), // mostly active
    memberships: fc.subarray(CODES).map((codes) => codes.map((officeCode) => ({ officeCode, role: 'officer' as const }))),
    absences: fc.array(
      fc.record({ from: fc.integer({ min: -72, max: 72 }), hours: fc.integer({ min: 1, max: 96 }) }).map(({ from, hours }) => ({
        startsAt: new Date(now.getTime() + from * 3_600_000),
        endsAt: new Date(now.getTime() + (from + hours) * 3_600_000),
      })),
      { maxLength: 2 },
    ),
  });

const ruleArb = (i: number, officerIds: string[]): fc.Arbitrary<DirectoryRule> =>
  fc.record({
    id: fc.constant(`rule-${i}`),
    name: fc.constant(`Rule ${i}`),
    position: fc.integer({ min: 0, max: 5 }),
    enabled: fc.boolean(),
    conditions: fc.record(
      {
        countries: fc.subarray(COUNTRIES),
        languages: fc.subarray([...LANGUAGES]),
        topics: fc.subarray(TOPICS),
        outletTypes: fc.subarray(['print', 'broadcast']),
        keywords: fc.subarray(['flood', '儿童', 'child poverty']),
      },
      { requiredKeys: [] },
    ),
    officeCode: fc.constantFrom(...CODES, 'ghost'),
    contactId: fc.constantFrom(null, ...officerIds),
  });

interface Case {
  now: Date;
  directory: Directory;
  inquiry: RoutableInquiry;
  margin: number;
  loads: Map<string, number>;
}

const caseArb: fc.Arbitrary<Case> = fc.tuple(clockArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 })).chain(([now, nOfficers, nRules]) => {
  const ids = Array.from({ length: nOfficers }, (_, i) => `officer-${i}`);
  return fc.record({
    now: fc.constant(now),
    directory: fc.record({
      offices: fc.tuple(...CODES.map((code) => officeArb(code, now, ids))),
      officers: fc.tuple(...ids.map((id) => officerArb(id, now))),
      rules: fc.tuple(...Array.from({ length: nRules }, (_, i) => ruleArb(i, ids))),
    }),
    inquiry: fc.record({
      country: fc.constantFrom(...COUNTRIES, 'my', 'BR'),
      language: fc.constantFrom(...LANGUAGES),
      topic: fc.constantFrom(null, ...TOPICS),
      outletType: fc.constantFrom(null, 'print', 'broadcast'),
      subject: fc.constantFrom('Flood relief', '关于儿童的问题', 'On child poverty', 'A question'),
      // Intake refuses past deadlines: from now to ten days ahead.
      deadline: fc.option(fc.integer({ min: 0, max: 10 * 24 * 60 }).map((m) => new Date(now.getTime() + m * MINUTE_MS)), { nil: null }),
      articleContactIds: fc.subarray([...ids, 'unknown']),
    }),
    margin: fc.integer({ min: 0, max: 180 }),
    loads: fc.array(fc.tuple(fc.constantFrom(...(ids.length ? ids : ['none'])), fc.integer({ min: 0, max: 5 })), { maxLength: 4 }).map((e) => new Map(e)),
  });
});

const absentAt = (o: DirectoryOfficer, now: Date) => o.absences.some((a) => a.startsAt <= now && now < a.endsAt);
const member = (o: DirectoryOfficer, code: string) => o.memberships.some((m) => m.officeCode === code);
const onDuty = (o: DirectoryOfficer, office: DirectoryOffice, now: Date) => o.active && member(o, office.code) && !absentAt(o, now) && isOpen(office, now);

const RUNS = { numRuns: 300 };

describe('route(): properties over generated directories, inquiries and clocks', () => {
  it('always exactly one active office; an officer only if on duty, or the duty officer when nobody is', () => {
    fc.assert(
      fc.property(caseArb, ({ now, directory, inquiry, margin, loads }) => {
        const d = route(inquiry, directory, now, { deadlineMarginMinutes: margin, loads });
        const offices = directory.offices.filter((o) => o.code === d.officeCode);
        expect(offices).toHaveLength(1);
        const office = offices[0]!;
        expect(office.active).toBe(true);
        const anyoneOnDuty = directory.officers.some((o) => onDuty(o, office, now));
        if (d.contactId === null) {
          expect(anyoneOnDuty).toBe(false);
          return;
        }
        const officer = directory.officers.find((o) => o.id === d.contactId)!;
        expect(officer).toBeDefined();
        expect(officer.active).toBe(true);
        expect(member(officer, office.code)).toBe(true);
        expect(absentAt(officer, now)).toBe(false);
        if (!onDuty(officer, office, now)) {
          expect(officer.id).toBe(office.dutyContactId);
          expect(anyoneOnDuty).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('due time never before now, never after the deadline; no deadline → normal priority', () => {
    fc.assert(
      fc.property(caseArb, ({ now, directory, inquiry, margin, loads }) => {
        const d = route(inquiry, directory, now, { deadlineMarginMinutes: margin, loads });
        expect(d.dueAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
        if (inquiry.deadline) expect(d.dueAt.getTime()).toBeLessThanOrEqual(inquiry.deadline.getTime());
        else expect(d.priority).toBe('normal');
        expect(d.reasons[0]).toMatch(/^country /);
      }),
      RUNS,
    );
  });

  it('deterministic: the same inputs give the same decision, whatever the order of the officers', () => {
    fc.assert(
      fc.property(caseArb, ({ now, directory, inquiry, margin, loads }) => {
        const options = { deadlineMarginMinutes: margin, loads };
        const first = route(inquiry, directory, now, options);
        expect(route(inquiry, directory, now, options)).toEqual(first);
        expect(route(inquiry, { ...directory, officers: [...directory.officers].reverse() }, new Date(now.getTime()), options)).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });
});

describe('business hours: properties over generated schedules', () => {
  const scheduleArb: fc.Arbitrary<OfficeSchedule> = fc.tuple(fc.constantFrom(...Object.values(ZONES)), hoursArb, clockArb).chain(([timeZone, hours, around]) =>
    holidaysArb(around).map((holidays) => ({ timeZone, hours, holidays })),
  );

  it('nextOpening is open (and is `at` itself exactly when open); business time added ends in open time', () => {
    fc.assert(
      fc.property(scheduleArb, clockArb, fc.integer({ min: 1, max: 60 }), (schedule, at, quarterHours) => {
        const opens = nextOpening(schedule, at);
        if (opens) {
          expect(isOpen(schedule, opens)).toBe(true);
          expect(opens.getTime() === at.getTime()).toBe(isOpen(schedule, at));
        }
        const due = addBusinessHours(schedule, at, quarterHours / 4);
        expect(due.getTime()).toBeGreaterThan(at.getTime());
        // The last counted minute was open time (unless the office has no hours or never opens).
        if (opens) expect(isOpen(schedule, new Date(due.getTime() - MINUTE_MS))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

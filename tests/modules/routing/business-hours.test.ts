import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  closedBecause,
  describeLocal,
  isHoliday,
  isOpen,
  nextOpening,
} from '../../../src/modules/routing/business-hours.js';
import type { OfficeSchedule, OpeningInterval, Weekday } from '../../../src/modules/routing/routing.types.js';

// Instants are written in UTC on purpose: each expectation was worked out by
// hand from the zone's real offset on that date, so a shortcut that assumes a
// fixed offset (or UTC dates) fails.

const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];

function weekdays(...spans: [string, string][]): OpeningInterval[] {
  return WEEKDAYS.flatMap((weekday) => spans.map(([opens, closes]) => ({ weekday, opens, closes })));
}

const at = (iso: string) => new Date(iso);

const kualaLumpur: OfficeSchedule = {
  timeZone: 'Asia/Kuala_Lumpur',
  hours: weekdays(['09:00', '17:30']),
  holidays: [
    { startsOn: '2026-08-31', endsOn: '2026-08-31', name: 'Merdeka Day' },
    { startsOn: '2026-12-24', endsOn: '2027-01-01', name: 'Year-end closure' },
  ],
};
// Beijing with a lunch break (two intervals a day) and the 2026 Spring Festival (15–23 February).
const beijing: OfficeSchedule = {
  timeZone: 'Asia/Shanghai',
  hours: weekdays(['09:00', '12:00'], ['13:00', '17:30']),
  holidays: [{ startsOn: '2026-02-15', endsOn: '2026-02-23', name: 'Spring Festival' }],
};
// Sydney: daylight saving ends Sunday 5 April 2026 (+11 → +10) and starts Sunday 4 October 2026 (+10 → +11).
const sydney: OfficeSchedule = { timeZone: 'Australia/Sydney', hours: weekdays(['09:00', '17:00']), holidays: [] };
// New York: DST starts Sunday 8 March 2026 (−5 → −4) and ends Sunday 1 November 2026 (−4 → −5).
const newYork: OfficeSchedule = {
  timeZone: 'America/New_York',
  hours: [...weekdays(['09:00', '17:00']), { weekday: 7, opens: '00:30', closes: '04:00' }],
  holidays: [{ startsOn: '2026-12-25', endsOn: '2026-12-25', name: 'Christmas Day' }],
};
// A night shift across Sydney's spring-forward hour (02:00 → 03:00 on 4 October).
const sydneyNights: OfficeSchedule = { timeZone: 'Australia/Sydney', hours: [{ weekday: 7, opens: '01:00', closes: '05:00' }], holidays: [] };
const noHours: OfficeSchedule = { timeZone: 'Asia/Kuala_Lumpur', hours: [], holidays: [] };

describe('isOpen: business hours in the office time zone', () => {
  it.each([
    ['KL Monday 09:00 local', kualaLumpur, '2026-11-30T01:00:00Z', true],
    ['KL Monday 08:59 local', kualaLumpur, '2026-11-30T00:59:00Z', false],
    ['KL Monday 17:29 local', kualaLumpur, '2026-11-30T09:29:00Z', true],
    ['KL Monday 17:30 local (closing is exclusive)', kualaLumpur, '2026-11-30T09:30:00Z', false],
    ['KL Saturday 10:00 local', kualaLumpur, '2026-12-05T02:00:00Z', false],
    ['KL Merdeka Day (a Monday)', kualaLumpur, '2026-08-31T03:00:00Z', false],
    ['KL Monday 00:30 local while UTC is still Sunday', kualaLumpur, '2026-11-29T16:30:00Z', false],
    ['Beijing before lunch 11:59', beijing, '2026-03-02T03:59:00Z', true],
    ['Beijing lunch 12:30', beijing, '2026-03-02T04:30:00Z', false],
    ['Beijing after lunch 13:00', beijing, '2026-03-02T05:00:00Z', true],
    ['Beijing Spring Festival Monday', beijing, '2026-02-16T02:00:00Z', false],
    ['Sydney Friday 09:00 AEDT (+11) before DST ends', sydney, '2026-04-02T22:00:00Z', true],
    ['Sydney Monday 08:30 AEST (+10) after DST ends', sydney, '2026-04-05T22:30:00Z', false],
    ['Sydney Monday 09:00 AEST (+10) after DST ends', sydney, '2026-04-05T23:00:00Z', true],
    ['Sydney Friday 16:30 AEST before DST starts', sydney, '2026-10-02T06:30:00Z', true],
    ['Sydney Monday 09:00 AEDT (+11) after DST starts', sydney, '2026-10-04T22:00:00Z', true],
    ['Sydney Monday 17:00 AEDT: closed', sydney, '2026-10-05T06:00:00Z', false],
    ['New York Friday 09:00 EST before DST', newYork, '2026-03-06T14:00:00Z', true],
    ['New York Monday 09:00 EDT after DST starts', newYork, '2026-03-09T13:00:00Z', true],
    ['New York Monday 08:30 EDT (would be 09:30 at −5)', newYork, '2026-03-09T12:30:00Z', false],
    ['New York Monday 09:00 EST after DST ends', newYork, '2026-11-02T14:00:00Z', true],
    ['New York Monday 08:00 EST (would be 09:00 at −4)', newYork, '2026-11-02T13:00:00Z', false],
    ['New York fall-back Sunday 03:45 EST, inside the night shift', newYork, '2026-11-01T08:45:00Z', true],
    ['New York Christmas Day', newYork, '2026-12-25T15:00:00Z', false],
    ['an office with no hours', noHours, '2026-11-30T03:00:00Z', false],
  ])('%s', (_label, schedule, instant, open) => {
    expect(isOpen(schedule, at(instant))).toBe(open);
  });
});

describe('isHoliday: local dates, inclusive, across the year boundary', () => {
  it.each([
    ['KL 24 Dec 00:30 local (UTC still 23 Dec)', kualaLumpur, '2026-12-23T16:30:00Z', 'Year-end closure'],
    ['KL 23 Dec 23:30 local', kualaLumpur, '2026-12-23T15:30:00Z', null],
    ['KL 31 Dec', kualaLumpur, '2026-12-31T04:00:00Z', 'Year-end closure'],
    ['KL 1 Jan 2027 (last day, inclusive)', kualaLumpur, '2027-01-01T15:59:00Z', 'Year-end closure'],
    ['KL 2 Jan 2027 00:00 local', kualaLumpur, '2027-01-01T16:00:00Z', null],
    ['New York 24 Dec 22:00 local (UTC already 25 Dec)', newYork, '2026-12-25T03:00:00Z', null],
    ['New York 25 Dec 23:00 local (UTC already 26 Dec)', newYork, '2026-12-26T04:00:00Z', 'Christmas Day'],
  ])('%s', (_label, schedule, instant, name) => {
    expect(isHoliday(schedule, at(instant))?.name ?? null).toBe(name);
  });
});

describe('nextOpening', () => {
  it.each([
    ['already open → the same instant', kualaLumpur, '2026-11-30T03:17:00Z', '2026-11-30T03:17:00Z'],
    ['KL before opening → 09:00 the same day', kualaLumpur, '2026-11-30T00:00:00Z', '2026-11-30T01:00:00Z'],
    ['KL Saturday → Monday 09:00', kualaLumpur, '2026-12-05T02:00:00Z', '2026-12-07T01:00:00Z'],
    ['KL year-end closure → Monday 4 Jan 2027', kualaLumpur, '2026-12-23T10:00:00Z', '2027-01-04T01:00:00Z'],
    ['Beijing lunch → 13:00', beijing, '2026-03-02T04:30:00Z', '2026-03-02T05:00:00Z'],
    ['Beijing Friday before Spring Festival → Tuesday 24 Feb', beijing, '2026-02-13T09:30:00Z', '2026-02-24T01:00:00Z'],
    ['Sydney Friday evening as DST ends → Monday 09:00 AEST', sydney, '2026-04-03T07:00:00Z', '2026-04-05T23:00:00Z'],
    ['Sydney Friday evening as DST starts → Monday 09:00 AEDT', sydney, '2026-10-02T08:00:00Z', '2026-10-04T22:00:00Z'],
    ['New York Friday evening as DST starts → Sunday 00:30 EST', newYork, '2026-03-06T23:00:00Z', '2026-03-08T05:30:00Z'],
    ['New York Sunday 04:00 EDT after the shift → Monday 09:00 EDT', newYork, '2026-03-08T08:00:00Z', '2026-03-09T13:00:00Z'],
  ])('%s', (_label, schedule, from, expected) => {
    expect(nextOpening(schedule, at(from))?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('is null for an office with no hours, and for one closed by holidays for over 400 days', () => {
    expect(nextOpening(noHours, at('2026-11-30T00:00:00Z'))).toBeNull();
    const closedForever = { ...kualaLumpur, holidays: [{ startsOn: '2026-01-01', endsOn: '2028-12-31', name: 'Closed' }] };
    expect(nextOpening(closedForever, at('2026-06-01T00:00:00Z'))).toBeNull();
  });
});

describe('addBusinessHours: only open time counts', () => {
  it.each([
    ['0 hours → the start', kualaLumpur, '2026-12-05T02:00:00Z', 0, '2026-12-05T02:00:00Z'],
    ['KL Monday 10:00 + 3 h → 13:00', kualaLumpur, '2026-11-30T02:00:00Z', 3, '2026-11-30T05:00:00Z'],
    ['KL Monday 10:00 + 7.5 h → 17:30, not the next morning', kualaLumpur, '2026-11-30T02:00:00Z', 7.5, '2026-11-30T09:30:00Z'],
    ['KL Friday 16:00 + 3 h → Monday 10:30', kualaLumpur, '2026-12-04T08:00:00Z', 3, '2026-12-07T02:30:00Z'],
    ['KL Saturday + 8 h → Monday 17:00', kualaLumpur, '2026-12-05T02:00:00Z', 8, '2026-12-07T09:00:00Z'],
    ['KL 23 Dec 17:00 + 1 h → 4 Jan 2027 09:30 (over the year-end closure)', kualaLumpur, '2026-12-23T09:00:00Z', 1, '2027-01-04T01:30:00Z'],
    ['Beijing 11:00 + 2 h → 14:00 (lunch skipped)', beijing, '2026-03-02T03:00:00Z', 2, '2026-03-02T06:00:00Z'],
    ['Beijing Friday 16:30 + 3 h → Tuesday after Spring Festival 11:00', beijing, '2026-02-13T08:30:00Z', 3, '2026-02-24T03:00:00Z'],
    ['Sydney Friday 16:00 AEDT + 2 h → Monday 10:00 AEST', sydney, '2026-04-03T05:00:00Z', 2, '2026-04-06T00:00:00Z'],
    ['Sydney Friday 16:00 AEST + 2 h → Monday 10:00 AEDT', sydney, '2026-10-02T06:00:00Z', 2, '2026-10-04T23:00:00Z'],
    ['Sydney night shift on spring-forward day holds 3 h, not 4', sydneyNights, '2026-10-03T15:00:00Z', 3, '2026-10-03T18:00:00Z'],
    ['… so 3.5 h runs into the next Sunday 01:30 AEDT', sydneyNights, '2026-10-03T15:00:00Z', 3.5, '2026-10-10T14:30:00Z'],
    ['New York fall-back Sunday 00:30–04:00 holds 4.5 h', newYork, '2026-11-01T04:30:00Z', 4.5, '2026-11-01T09:00:00Z'],
    ['New York Thursday 16:00 + 2 h → Sunday 01:30 (Christmas skipped, the night shift counts)', newYork, '2026-12-24T21:00:00Z', 2, '2026-12-27T06:30:00Z'],
    ['no hours at all → wall-clock hours', noHours, '2026-12-05T02:00:00Z', 5, '2026-12-05T07:00:00Z'],
  ])('%s', (_label, schedule, from, hours, expected) => {
    expect(addBusinessHours(schedule, at(from), hours).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('agrees with isOpen: the time added is open time, minute by minute', () => {
    // Walk Sydney across the end of DST and count open minutes by sampling.
    const start = at('2026-04-03T05:00:00Z');
    const end = addBusinessHours(sydney, start, 2);
    let open = 0;
    for (let t = start.getTime(); t < end.getTime(); t += 60_000) if (isOpen(sydney, new Date(t))) open++;
    expect(open).toBe(120);
  });
});

describe('describing local times for reasons', () => {
  it('formats an instant in the office zone with weekday, date and zone', () => {
    expect(describeLocal(at('2026-12-07T01:00:00Z'), 'Asia/Kuala_Lumpur')).toBe('Monday 2026-12-07 09:00 Asia/Kuala_Lumpur');
    expect(describeLocal(at('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('Thursday 2026-12-31 22:00 America/New_York');
  });

  it('reads the wall clock of each instant around a clock change, a millisecond apart, in either order', () => {
    // London springs forward at 01:00:00 UTC on 2026-03-29: 00:59 GMT, then 02:00 BST.
    const before = at('2026-03-29T00:59:59.999Z');
    const change = at('2026-03-29T01:00:00.000Z');
    expect(describeLocal(before, 'Europe/London')).toBe('Sunday 2026-03-29 00:59 Europe/London');
    expect(describeLocal(change, 'Europe/London')).toBe('Sunday 2026-03-29 02:00 Europe/London');
    // and falls back at 01:00:00 UTC on 2026-10-25: 01:59 BST, then 01:00 GMT.
    const fallsBack = at('2026-10-25T01:00:00.000Z');
    expect(describeLocal(fallsBack, 'Europe/London')).toBe('Sunday 2026-10-25 01:00 Europe/London');
    expect(describeLocal(at('2026-10-25T00:59:59.999Z'), 'Europe/London')).toBe('Sunday 2026-10-25 01:59 Europe/London');
    expect(describeLocal(at('2026-10-25T00:59:59.000Z'), 'Europe/London')).toBe('Sunday 2026-10-25 01:59 Europe/London');
    expect(describeLocal(at('2026-10-25T01:00:00.999Z'), 'Europe/London')).toBe('Sunday 2026-10-25 01:00 Europe/London');
  });

  it.each([
    ['open → null', kualaLumpur, '2026-11-30T03:00:00Z', null],
    ['a weekend day', kualaLumpur, '2026-12-05T02:00:00Z', 'Saturday in Asia/Kuala_Lumpur'],
    ['a holiday', kualaLumpur, '2026-08-31T03:00:00Z', 'Merdeka Day, a holiday in Asia/Kuala_Lumpur'],
    ['outside hours on a working day', beijing, '2026-03-02T04:30:00Z', 'Monday 12:30 in Asia/Shanghai, outside office hours'],
  ])('closedBecause: %s', (_label, schedule, instant, reason) => {
    expect(closedBecause(schedule, at(instant))).toBe(reason);
  });

  it('refuses an unknown time zone instead of treating the office as closed', () => {
    expect(() => isOpen({ ...kualaLumpur, timeZone: 'Asia/Atlantis' }, at('2026-11-30T03:00:00Z'))).toThrow(/Unknown time zone 'Asia\/Atlantis'/);
  });
});

import { DateTime } from 'luxon';
import type { Holiday, OfficeSchedule, Weekday } from './routing.types.js';

// Business hours in an office's own IANA time zone. Every question ("open at
// this instant?", "when does it next open?", "N working hours from now?") is
// answered from the same list of opening intervals turned into instants for a
// local calendar date, so the three can never disagree — also on days when the
// clocks change (a wall time inside a DST gap resolves forward, as luxon does).

const HOUR_MS = 3_600_000;
/** How far ahead nextOpening looks, and how long addBusinessHours tolerates finding no open time. */
const HORIZON_DAYS = 400;
const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

interface LocalInterval {
  opensMinute: number;
  closesMinute: number;
}

/** A local calendar date; day arithmetic on it is pure calendar math, no zone involved. */
interface CalendarDate {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  /** 'YYYY-MM-DD' */
  iso: string;
}

function calendarDate(year: number, month: number, day: number): CalendarDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  const iso = d.toISOString().slice(0, 10);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: (((d.getUTCDay() + 6) % 7) + 1) as Weekday, iso };
}

const dayAfter = (date: CalendarDate, days: number) => calendarDate(date.year, date.month, date.day + days);

/**
 * The instant of a wall time on a local date in a zone, as luxon resolves it
 * (a time inside a DST gap moves forward). Memoised: it depends only on the
 * zone rules, never on the directory, and luxon's conversion is the costly
 * part of routing. Bounded so it cannot grow without limit.
 */
const wallInstants = new Map<string, number>();
const MAX_MEMO = 20_000;

function wallInstant(timeZone: string, date: CalendarDate, minute: number): number {
  const key = `${timeZone} ${date.iso} ${minute}`;
  let ms = wallInstants.get(key);
  if (ms === undefined) {
    ms = DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 },
      { zone: timeZone },
    ).toMillis();
    if (wallInstants.size >= MAX_MEMO) wallInstants.clear();
    wallInstants.set(key, ms);
  }
  return ms;
}

/** Hours per ISO weekday (index 1–7), sorted by opening; parsed per call (cheap, and never stale). */
type WeeklyHours = LocalInterval[][];

function weeklyHours(schedule: OfficeSchedule): WeeklyHours {
  const byDay: WeeklyHours = Array.from({ length: 8 }, () => []);
  for (const h of schedule.hours) {
    byDay[h.weekday]!.push({ opensMinute: parseTime(h.opens), closesMinute: parseTime(h.closes) });
  }
  for (const day of byDay) day.sort((a, b) => a.opensMinute - b.opensMinute || a.closesMinute - b.closesMinute);
  return byDay;
}

function parseTime(value: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(value);
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (!m || hour > 23 || minute > 59) throw new RangeError(`Invalid office time '${value}' (expected HH:MM)`);
  return hour * 60 + minute;
}

/** What routing reads of an instant in a zone: its wall clock, to the minute. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  hour: number;
  minute: number;
}

// luxon's offset lookup is the costly part of a routing decision. Zone
// offsets are whole seconds, so every instant of one UTC second reads the
// same wall clock to the second: memoised per second, the lookup serves a
// whole burst of inquiries, not one decision. Small, so it cannot grow.
const wallClocks = new Map<string, WallClock>();
const MAX_WALL_CLOCK_MEMO = 2_000;

function local(at: Date, timeZone: string): WallClock {
  const key = `${timeZone} ${Math.floor(at.getTime() / 1000)}`;
  let clock = wallClocks.get(key);
  if (clock === undefined) {
    const dt = DateTime.fromJSDate(at, { zone: timeZone });
    // A broken zone must fail loudly: silently treating the office as closed would misroute everything.
    if (!dt.isValid) throw new RangeError(`Unknown time zone '${timeZone}'`);
    clock = { year: dt.year, month: dt.month, day: dt.day, weekday: dt.weekday as Weekday, hour: dt.hour, minute: dt.minute };
    if (wallClocks.size >= MAX_WALL_CLOCK_MEMO) wallClocks.clear();
    wallClocks.set(key, clock);
  }
  return clock;
}

function calendarDateOf(at: Date, timeZone: string): CalendarDate {
  const dt = local(at, timeZone);
  return calendarDate(dt.year, dt.month, dt.day);
}

function holidayOn(schedule: OfficeSchedule, date: CalendarDate): Holiday | null {
  const { iso } = date;
  // ISO dates compare correctly as strings, also across a year boundary.
  return schedule.holidays.find((h) => h.startsOn <= iso && iso <= h.endsOn) ?? null;
}

/** The office's open intervals on one local date, as instants [start, end); none on a holiday. */
function openIntervalsOn(schedule: OfficeSchedule, weekly: WeeklyHours, date: CalendarDate): [number, number][] {
  const intervals = weekly[date.weekday]!;
  if (intervals.length === 0 || holidayOn(schedule, date)) return [];
  const instant = (minute: number) => wallInstant(schedule.timeZone, date, minute);
  const out: [number, number][] = [];
  for (const i of intervals) {
    const start = instant(i.opensMinute);
    const end = instant(i.closesMinute);
    if (end > start) out.push([start, end]); // an interval swallowed by a DST gap is simply empty
  }
  return out;
}

/** The public holiday covering the office's local date at `at`, or null. */
export function isHoliday(schedule: OfficeSchedule, at: Date): Holiday | null {
  return holidayOn(schedule, calendarDateOf(at, schedule.timeZone));
}

/** Whether the office is open at `at`: inside its hours for that local weekday and not a holiday. */
export function isOpen(schedule: OfficeSchedule, at: Date): boolean {
  const t = at.getTime();
  return openIntervalsOn(schedule, weeklyHours(schedule), calendarDateOf(at, schedule.timeZone)).some(([s, e]) => s <= t && t < e);
}

/** The first instant at or after `at` when the office is open; null if it does not open within ~400 days. */
export function nextOpening(schedule: OfficeSchedule, at: Date): Date | null {
  if (schedule.hours.length === 0) return null;
  const t = at.getTime();
  const weekly = weeklyHours(schedule);
  const first = calendarDateOf(at, schedule.timeZone);
  for (let d = 0; d <= HORIZON_DAYS; d++) {
    for (const [s, e] of openIntervalsOn(schedule, weekly, dayAfter(first, d))) {
      if (e <= t) continue;
      return new Date(Math.max(s, t));
    }
  }
  return null;
}

/**
 * The instant `hours` of open time after `start`. Time outside the office's
 * hours and on holidays does not count. An office with no hours at all falls
 * back to wall-clock hours (there is no working time to count, and a due time
 * must still exist); so does any remainder once ~400 days pass without an
 * opening (e.g. a holiday calendar that closes the office indefinitely).
 */
export function addBusinessHours(schedule: OfficeSchedule, start: Date, hours: number): Date {
  if (!Number.isFinite(hours)) throw new RangeError(`Invalid number of business hours: ${hours}`);
  let remaining = hours * HOUR_MS;
  if (remaining <= 0) return new Date(start.getTime());
  if (schedule.hours.length === 0) return new Date(start.getTime() + remaining);
  const weekly = weeklyHours(schedule);
  let cursor = start.getTime();
  let date = calendarDateOf(start, schedule.timeZone);
  let closedDays = 0;
  while (closedDays <= HORIZON_DAYS) {
    let counted = false;
    for (const [s, e] of openIntervalsOn(schedule, weekly, date)) {
      const from = Math.max(s, cursor);
      if (e <= from) continue;
      counted = true;
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
      cursor = e;
    }
    closedDays = counted ? 0 : closedDays + 1;
    date = dayAfter(date, 1);
  }
  return new Date(cursor + remaining);
}

// Built by hand rather than with toFormat, so the process locale can never change the digits.
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (dt: WallClock) => `${pad(dt.hour)}:${pad(dt.minute)}`;

/** "Monday 2026-12-07 09:00 Asia/Kuala_Lumpur": an instant as staff in that office read it. */
export function describeLocal(at: Date, timeZone: string): string {
  const dt = local(at, timeZone);
  return `${WEEKDAY_NAMES[dt.weekday]} ${dt.year}-${pad(dt.month)}-${pad(dt.day)} ${clock(dt)} ${timeZone}`;
}

/** Why the office is closed at `at` ("Saturday in Asia/Kuala_Lumpur"), or null when it is open. */
export function closedBecause(schedule: OfficeSchedule, at: Date): string | null {
  if (isOpen(schedule, at)) return null;
  const holiday = isHoliday(schedule, at);
  if (holiday) return `${holiday.name}, a holiday in ${schedule.timeZone}`;
  const dt = local(at, schedule.timeZone);
  const day = WEEKDAY_NAMES[dt.weekday];
  if (weeklyHours(schedule)[dt.weekday]!.length === 0) return `${day} in ${schedule.timeZone}`;
  return `${day} ${clock(dt)} in ${schedule.timeZone}, outside office hours`;
}

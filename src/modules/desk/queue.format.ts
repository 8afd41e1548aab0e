// How the queue shows time: due times in the office's own zone, and time left
// from the app's clock (so tests and the page agree on "now").

import { localeTag } from '../../lib/languages.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Building Intl.DateTimeFormat is costly; there are only a few office zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    let zone = timeZone;
    try {
      new Intl.DateTimeFormat(localeTag('en'), { timeZone });
    } catch {
      zone = 'UTC'; // still labelled below, so never silently wrong
    }
    f = new Intl.DateTimeFormat(localeTag('en'), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
      timeZoneName: 'shortOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "Mon 30 Nov, 18:00 GMT+8" in the office's zone. */
export function formatDue(at: Date, timeZone: string): string {
  return formatterFor(timeZone).format(at);
}

/** Whole minutes until due; negative when overdue. */
export function minutesLeft(due: Date, now: Date): number {
  return Math.trunc((due.getTime() - now.getTime()) / MINUTE);
}

/** "in 3 h", "in 3 h 20 min", "overdue by 20 min", "in 2 d 4 h", "due now". */
export function describeTimeLeft(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const abs = Math.abs(ms);
  if (abs < MINUTE) return ms >= 0 ? 'due now' : 'overdue by under a minute';
  let text: string;
  if (abs < HOUR) {
    text = `${Math.floor(abs / MINUTE)} min`;
  } else if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    text = m ? `${h} h ${m} min` : `${h} h`;
  } else {
    const d = Math.floor(abs / DAY);
    const h = Math.floor((abs % DAY) / HOUR);
    text = h ? `${d} d ${h} h` : `${d} d`;
  }
  return ms >= 0 ? `in ${text}` : `overdue by ${text}`;
}

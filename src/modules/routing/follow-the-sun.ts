import { describeLocal, isOpen, nextOpening } from './business-hours.js';
import { type OfficeChoice, fallbackChain } from './choose-office.js';
import { onDutyMembers } from './choose-officer.js';
import { type DirectoryLookup, isMember } from './directory-lookup.js';
import type { RoutableInquiry, RoutingOptions } from './routing.types.js';

const MINUTE_MS = 60_000;

export interface SunChoice extends OfficeChoice {
  /** True when the deadline falls before the chosen office opens (whether or not another office took it). */
  urgent: boolean;
}

/**
 * An inquiry whose deadline (less the margin) falls before its office next
 * opens goes up the fallback chain to an active office open now — the first
 * where someone on duty reads the inquiry's language, else the first open one;
 * if none is open it stays. Either way it is urgent.
 */
export function followTheSun(
  choice: OfficeChoice,
  inquiry: RoutableInquiry,
  now: Date,
  options: RoutingOptions,
  lookup: DirectoryLookup,
  reasons: string[],
): SunChoice {
  const { office } = choice;
  if (inquiry.deadline === null || isOpen(office, now)) return { ...choice, urgent: false };
  const latest = inquiry.deadline.getTime() - options.deadlineMarginMinutes * MINUTE_MS;
  const opens = nextOpening(office, now);
  if (opens !== null && opens.getTime() <= latest) return { ...choice, urgent: false };

  const tz = office.timeZone;
  const margin = options.deadlineMarginMinutes > 0 ? ` (less the ${options.deadlineMarginMinutes}-minute margin)` : '';
  const when = opens ? describeLocal(opens, tz) : 'not within 400 days';
  const why = `deadline ${describeLocal(inquiry.deadline, tz)}${margin} falls before ${office.code} opens (${when})`;
  const open = [...fallbackChain(office, lookup)].filter((candidate) => candidate.active && isOpen(candidate, now));
  if (open.length > 0) {
    // Language is preferred across the hand-over as it is within an office: the
    // first open office where someone on duty reads the inquiry's language wins.
    const readers = open.find((candidate) => onDutyMembers(candidate, now, lookup).some((o) => o.languages.includes(inquiry.language)));
    const candidate = readers ?? open[0]!;
    const passed = open.slice(0, open.indexOf(candidate)).map((o) => o.code);
    const language = readers
      ? passed.length > 0
        ? ` and has someone on duty who reads ${inquiry.language} (nobody at ${passed.join(', ')} does)`
        : ` and has someone on duty who reads ${inquiry.language}`
      : ` (no open office has anyone on duty who reads ${inquiry.language})`;
    reasons.push(`${why} → follow the sun: ${candidate.code} is open${language}`);
    let preferred = choice.preferred;
    if (preferred && !isMember(preferred, candidate.code)) {
      reasons.push(`${preferred.name} is not a member of ${candidate.code}; dropped`);
      preferred = null;
    }
    return { office: candidate, preferred, urgent: true };
  }
  reasons.push(`${why}; no office above ${office.code} is open now → stays at ${office.code}, urgent`);
  return { ...choice, urgent: true };
}

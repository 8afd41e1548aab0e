import { describeLocal, isOpen, nextOpening } from './business-hours.js';
import { type OfficeChoice, fallbackChain } from './choose-office.js';
import { type DirectoryLookup, isMember } from './directory-lookup.js';
import type { RoutableInquiry, RoutingOptions } from './routing.types.js';

const MINUTE_MS = 60_000;

export interface SunChoice extends OfficeChoice {
  /** True when the deadline falls before the chosen office opens (whether or not another office took it). */
  urgent: boolean;
}

/**
 * An inquiry whose deadline (less the margin) falls before its office next
 * opens goes up the fallback chain to the first active office open now; if
 * none is open it stays. Either way it is urgent.
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
  for (const candidate of fallbackChain(office, lookup)) {
    if (!candidate.active || !isOpen(candidate, now)) continue;
    reasons.push(`${why} → follow the sun: ${candidate.code} is open`);
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

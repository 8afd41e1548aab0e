import type { Priority } from '../../db/schema.js';
import { addBusinessHours, describeLocal } from './business-hours.js';
import type { DirectoryOffice, RoutingOptions } from './routing.types.js';

const MINUTE_MS = 60_000;

/**
 * The office's response target counted in business hours from now, or the
 * reporter's deadline less the margin when that is sooner (never before now).
 * A deadline sooner than the target, or a follow-the-sun decision, is urgent.
 * A deadline already past (intake refuses those) gives a due time of now.
 */
export function dueTime(
  office: DirectoryOffice,
  deadline: Date | null,
  now: Date,
  options: RoutingOptions,
  followedSun: boolean,
  reasons: string[],
): { dueAt: Date; priority: Priority } {
  const tz = office.timeZone;
  const target = addBusinessHours(office, now, office.responseTargetHours);
  const within = `the ${office.code} response target of ${office.responseTargetHours} business hours`;
  if (deadline === null) {
    reasons.push(`no deadline: due within ${within} (${describeLocal(target, tz)})`);
    return { dueAt: target, priority: followedSun ? 'urgent' : 'normal' };
  }
  const latest = new Date(Math.max(now.getTime(), deadline.getTime() - options.deadlineMarginMinutes * MINUTE_MS));
  const margin = options.deadlineMarginMinutes > 0 ? ` less the ${options.deadlineMarginMinutes}-minute margin` : '';
  if (latest < target) {
    reasons.push(`deadline ${describeLocal(deadline, tz)}${margin} is sooner than ${within} → due ${describeLocal(latest, tz)}, urgent`);
    return { dueAt: latest, priority: 'urgent' };
  }
  const priority: Priority = followedSun ? 'urgent' : 'normal';
  reasons.push(
    `deadline ${describeLocal(deadline, tz)} leaves time for ${within} → due ${describeLocal(target, tz)}${followedSun ? ', urgent' : ''}`,
  );
  return { dueAt: target, priority };
}

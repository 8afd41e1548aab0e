import { IANAZone } from 'luxon';
import { fieldError, type FieldError } from '../../lib/problem.js';

// Checks on admin input that need no database: each returns the field errors
// (empty when fine), so a request can report every problem at once.

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The zone's canonical IANA name ('asia/kuala_lumpur' → 'Asia/Kuala_Lumpur'), or null when there is no such zone. */
export function canonicalTimeZone(name: string): string | null {
  // Offsets such as '+08:00' or 'UTC+8' are not zones: they ignore daylight saving.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || !IANAZone.isValidZone(name)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

export interface HoursEntry {
  weekday: number;
  opens: string;
  closes: string;
}

/** Closes after opens; no two intervals on the same weekday overlap (touching is fine: 12:00–13:00 then 13:00–17:00). */
export function checkHours(hours: readonly HoursEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  hours.forEach((h, i) => {
    if (h.closes <= h.opens) errors.push(fieldError(`hours.${i}.closes`, `must be after opens (${h.opens}): intervals end on the day they start`));
  });
  const valid = hours.map((h, i) => ({ ...h, i })).filter((h) => h.closes > h.opens);
  const sorted = valid.sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens) || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.weekday === prev.weekday && cur.opens < prev.closes) {
      errors.push(
        fieldError(`hours.${cur.i}`, `overlaps ${prev.opens}–${prev.closes} on ${WEEKDAYS[cur.weekday]} (hours.${prev.i})`),
      );
    }
  }
  return errors;
}

export interface HolidayEntry {
  startsOn: string;
  endsOn: string;
  name: string;
}

/** Ends on or after it starts; no two holidays share a date (inclusive ranges). */
export function checkHolidays(holidays: readonly HolidayEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  holidays.forEach((h, i) => {
    if (h.endsOn < h.startsOn) errors.push(fieldError(`holidays.${i}.endsOn`, `must be on or after startsOn (${h.startsOn})`));
  });
  // ISO dates order correctly as strings.
  const sorted = holidays
    .map((h, i) => ({ ...h, i }))
    .filter((h) => h.endsOn >= h.startsOn)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.i - b.i);
  let latest: (HolidayEntry & { i: number }) | null = null;
  for (const h of sorted) {
    if (latest && h.startsOn <= latest.endsOn) {
      errors.push(fieldError(`holidays.${h.i}`, `overlaps '${latest.name}' ${latest.startsOn}–${latest.endsOn} (holidays.${latest.i})`));
    }
    if (!latest || h.endsOn > latest.endsOn) latest = h;
  }
  return errors;
}

/**
 * The fallback chain that setting `office`'s parent to `parent` would close
 * into a loop (['malaysia', 'eapro', 'malaysia']), or null when there is none.
 */
export function fallbackCycle(parents: ReadonlyMap<string, string | null>, office: string, parent: string | null): string[] | null {
  const chain = [office];
  const seen = new Set(chain);
  for (let code: string | null | undefined = parent; code != null; code = parents.get(code)) {
    chain.push(code);
    if (code === office) return chain;
    // A loop above us that does not pass through `office` is not ours to report (and cannot exist when every write is checked).
    if (seen.has(code)) return null;
    seen.add(code);
  }
  return null;
}

/** The new order names every existing rule exactly once. */
export function checkReorder(ids: readonly string[], existing: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(existing);
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!known.has(id)) errors.push(fieldError(`ids.${i}`, `is not a rule id (${id})`));
    else if (seen.has(id)) errors.push(fieldError(`ids.${i}`, `lists rule ${id} a second time`));
    seen.add(id);
  });
  const missing = existing.filter((id) => !seen.has(id));
  if (missing.length) errors.push(fieldError('ids', `must list every rule; missing ${missing.join(', ')}`));
  return errors;
}

export interface RuleRefs {
  offices: ReadonlySet<string>;
  contacts: ReadonlyMap<string, { name: string; active: boolean; offices: readonly string[] }>;
  topics: ReadonlySet<string>;
}

/** The rule's office, contact and topics exist, and the contact works in that office. `prefix` locates the rule in the body. */
export function checkRuleRefs(
  rule: { office: string; contactId: string | null; topics: readonly string[] },
  refs: RuleRefs,
  prefix = '',
  blame: { office?: boolean; contact?: boolean; topics?: boolean } = { office: true, contact: true, topics: true },
): FieldError[] {
  const errors: FieldError[] = [];
  const officeOk = refs.offices.has(rule.office);
  if (blame.office && !officeOk) errors.push(fieldError(`${prefix}office`, `is not an office code (${rule.office})`));
  if (rule.contactId !== null && (blame.contact || blame.office)) {
    const contact = refs.contacts.get(rule.contactId);
    if (!contact) {
      if (blame.contact) errors.push(fieldError(`${prefix}contactId`, `is not a contact (${rule.contactId})`));
    } else if (!contact.active) {
      if (blame.contact) errors.push(fieldError(`${prefix}contactId`, `${contact.name} is inactive`));
    } else if (officeOk && !contact.offices.includes(rule.office)) {
      errors.push(fieldError(`${prefix}contactId`, `${contact.name} is not a member of ${rule.office}; send a member or null`));
    }
  }
  if (blame.topics) {
    rule.topics.forEach((t, i) => {
      if (!refs.topics.has(t)) errors.push(fieldError(`${prefix}conditions.topics.${i}`, `is not a known topic (${t})`));
    });
  }
  return errors;
}

/** Digits of a reference's number at least; more when a year needs them. */
export const REFERENCE_DIGITS = 5;

/** What comes before the number: PD-2026-. */
export function referencePrefix(year: number): string {
  return `PD-${year}-`;
}

/** Human references: PD-2026-00042. Five digits at least; more when a year needs them. */
export function formatReference(year: number, n: number): string {
  return `${referencePrefix(year)}${String(n).padStart(REFERENCE_DIGITS, '0')}`;
}

export const REFERENCE_PATTERN = /^PD-\d{4}-\d{5,}$/;

/** Human references: PD-2026-00042. Five digits at least; more when a year needs them. */
export function formatReference(year: number, n: number): string {
  return `PD-${year}-${String(n).padStart(5, '0')}`;
}

export const REFERENCE_PATTERN = /^PD-\d{4}-\d{5,}$/;

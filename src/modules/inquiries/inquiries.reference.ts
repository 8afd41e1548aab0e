import { random } from 'nanoid';

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

/** Characters of a reference while its number has REFERENCE_DIGITS digits: PD-2026-00042. */
const REFERENCE_LENGTH = referencePrefix(2026).length + REFERENCE_DIGITS;
const PRIVATE_USE_START = 0xe000;
const PRIVATE_USE_SIZE = 0x1900;

/**
 * Stands for a new inquiry's reference in what is written with it (email
 * subjects, template data, headers, the stored answer) until the database,
 * in the same statement, numbers the inquiry and puts the reference in its
 * place. Random characters from Unicode's private use area: nobody can guess
 * it into their own text. As long as a reference, so a subject cut to its
 * maximum length is cut the same way (one character differs once a year
 * passes 99,999 inquiries).
 */
export function referencePlaceholder(): string {
  // From nanoid's pool of secure random bytes, refilled in bulk; read before the next draw.
  const bytes = random(REFERENCE_LENGTH * 2);
  let placeholder = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) placeholder += String.fromCharCode(PRIVATE_USE_START + (((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!) % PRIVATE_USE_SIZE));
  return placeholder;
}

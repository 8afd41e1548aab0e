import countries from 'i18n-iso-countries';

// The ISO 3166-1 list comes from i18n-iso-countries rather than a copy of our own.
const alpha2 = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(code: string): boolean {
  return alpha2.has(code);
}

import ct from 'countries-and-timezones';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ms from 'i18n-iso-countries/langs/ms.json' with { type: 'json' };
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import { IANAZone } from 'luxon';
import { collatorLocale } from '../../lib/languages.js';
import type { Lang } from '../../web/i18n.js';

// The choices of the inquiry form: countries with names in the page language,
// time zones, and the zone meant by "my country's time".

countries.registerLocale(en);
countries.registerLocale(zh);
countries.registerLocale(ms);

export interface Option {
  value: string;
  label: string;
}

const countryCache = new Map<Lang, Option[]>();

// Official names, except a few whose official form ("People's Republic of
// China", "Islamic Republic of Iran") is not where a reader looks for them.
const SHORT_NAME = new Set(['CN', 'IR', 'RU', 'TZ', 'US', 'GM', 'MK']);

/** Every ISO 3166-1 country, named in `lang` and sorted as a reader of that language expects. */
export function countryOptions(lang: Lang): Option[] {
  let list = countryCache.get(lang);
  if (!list) {
    const official = countries.getNames(lang, { select: 'official' });
    const alias = countries.getNames(lang, { select: 'alias' });
    const names = Object.fromEntries(Object.entries(official).map(([code, name]) => [code, SHORT_NAME.has(code) ? (alias[code] ?? name) : name]));
    const collator = new Intl.Collator(collatorLocale(lang));
    list = Object.entries(names)
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => collator.compare(a.label, b.label));
    countryCache.set(lang, list);
  }
  return list;
}

// Where a country spans several zones, the one most of its newsrooms keep (the
// capital's); countries-and-timezones lists them alphabetically (MY: Asia/Kuching first).
const MAIN_ZONE: Record<string, string> = {
  MY: 'Asia/Kuala_Lumpur',
  CN: 'Asia/Shanghai',
  ID: 'Asia/Jakarta',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  MN: 'Asia/Ulaanbaatar',
  VN: 'Asia/Ho_Chi_Minh',
  KZ: 'Asia/Almaty',
  RU: 'Europe/Moscow',
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  CD: 'Africa/Kinshasa',
};

/** The zone meant by "my country's time": the main zone, else the first listed, else UTC. */
export function countryTimeZone(country: string): string {
  const code = country.toUpperCase();
  const zone = MAIN_ZONE[code] ?? ct.getCountry(code)?.timezones[0];
  return zone && IANAZone.isValidZone(zone) ? zone : 'UTC';
}

let zoneList: Option[] | null = null;

/** Every IANA zone this runtime knows, plus UTC; labels with spaces for reading ("Asia/Kuala Lumpur"). */
export function timeZoneOptions(): Option[] {
  if (!zoneList) {
    const zones = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].filter((z) => IANAZone.isValidZone(z));
    zoneList = zones.map((value) => ({ value, label: value.replaceAll('_', ' ') }));
  }
  return zoneList;
}

export function isTimeZone(zone: string): boolean {
  return timeZoneOptions().some((o) => o.value === zone);
}

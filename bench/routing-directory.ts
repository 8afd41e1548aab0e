/**
 * A large routing directory and a stream of inquiries for `npm run bench:routing`,
 * built in memory from a seeded generator: the same seed gives the same
 * directory, inquiries and clocks on every run and every machine.
 */
import countries from 'i18n-iso-countries';
import { IANAZone } from 'luxon';
import type { Language } from '../src/db/schema.js';
import type {
  Absence,
  Directory,
  DirectoryOffice,
  DirectoryOfficer,
  DirectoryRule,
  Holiday,
  OpeningInterval,
  RoutableInquiry,
  RuleConditions,
  Weekday,
} from '../src/modules/routing/routing.types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** mulberry32: small, fast and good enough to spread test data; never Math.random. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  const shuffle = <T>(list: readonly T[]): T[] => {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const sample = <T>(list: readonly T[], n: number): T[] => shuffle(list).slice(0, n);
  const uuid = () => Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  return { next, int, pick, chance, shuffle, sample, uuid };
}
export type Rng = ReturnType<typeof rng>;

/**
 * Ten regions with real IANA zones, DST ones included (Europe, North America,
 * Chile, Paraguay, Iran is not, Sydney, Auckland, Adelaide…). A country office's
 * zone comes from its region; which country sits in which region is arbitrary.
 */
const REGIONS = [
  { code: 'europe', zones: ['Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Warsaw', 'Europe/Athens', 'Europe/Istanbul', 'Europe/Kyiv'] },
  { code: 'north-america', zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Mexico_City', 'America/Toronto', 'America/Havana'] },
  { code: 'south-america', zones: ['America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'America/Santiago', 'America/Bogota', 'America/Lima', 'America/Asuncion'] },
  { code: 'west-africa', zones: ['Africa/Lagos', 'Africa/Dakar', 'Africa/Abidjan', 'Africa/Kinshasa', 'Africa/Casablanca'] },
  { code: 'east-africa', zones: ['Africa/Nairobi', 'Africa/Johannesburg', 'Africa/Addis_Ababa', 'Africa/Maputo'] },
  { code: 'mena', zones: ['Asia/Beirut', 'Asia/Amman', 'Africa/Cairo', 'Asia/Riyadh', 'Asia/Tehran', 'Asia/Jerusalem', 'Asia/Dubai'] },
  { code: 'south-asia', zones: ['Asia/Kolkata', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Kathmandu', 'Asia/Colombo'] },
  { code: 'east-asia', zones: ['Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Ulaanbaatar'] },
  { code: 'southeast-asia', zones: ['Asia/Bangkok', 'Asia/Kuala_Lumpur', 'Asia/Jakarta', 'Asia/Manila', 'Asia/Yangon'] },
  { code: 'pacific', zones: ['Australia/Sydney', 'Pacific/Auckland', 'Australia/Adelaide', 'Pacific/Fiji', 'Pacific/Port_Moresby', 'Australia/Brisbane'] },
] as const;

export const TOPICS = ['child-protection', 'child-rights', 'disaster-risk-reduction', 'education', 'emergencies', 'health', 'nutrition', 'data-and-research'];
export const OUTLET_TYPES = ['newspaper', 'magazine', 'broadcast', 'online', 'agency', 'freelance', 'other'];
const LANGUAGES: Language[] = ['en', 'zh', 'ms'];
const OTHER_LANGUAGES = ['fr', 'es', 'ar', 'pt', 'ru', 'th', 'hi'];

/** Rule keywords: single words, phrases, Chinese (matched as substrings) and Malay. */
export const KEYWORDS = [
  'vaccine', 'measles', 'polio', 'school meals', 'child marriage', 'flood', 'earthquake', 'cyclone', 'refugee',
  'malnutrition', 'stunting', 'climate', 'UNICEF', 'birth registration', 'cholera', 'typhoon', 'drought', 'heatwave',
  'online safety', 'child labour', 'adoption', 'immunization', 'mental health', 'exam results', 'bullying', 'water',
  'sanitation', 'landmine', 'trafficking', 'orphanage', 'early childhood', 'HIV', 'breastfeeding', 'air pollution',
  '疫苗', '洪水', '教育', '儿童保护', '营养', '地震', 'banjir', 'vaksin', 'sekolah', 'pendidikan', 'kanak-kanak',
];
const FILLER = ['figures for 2026', 'interview request', 'your comment', 'background briefing', 'press conference', 'latest report', 'photo request', 'statement'];

// Weekly hours, weighted: a plain week, lunch breaks, a Sunday–Thursday week, a Friday prayer break, Saturday mornings.
const week = (days: number[], intervals: [string, string][]): OpeningInterval[] =>
  days.flatMap((d) => intervals.map(([opens, closes]) => ({ weekday: d as Weekday, opens, closes })));
const HOURS: [weight: number, hours: OpeningInterval[]][] = [
  [4, week([1, 2, 3, 4, 5], [['09:00', '17:30']])],
  [2, week([1, 2, 3, 4, 5], [['09:00', '12:00'], ['13:00', '17:30']])],
  [1, week([1, 2, 3, 4, 5], [['08:00', '12:30'], ['14:00', '18:00']])],
  [1, week([7, 1, 2, 3, 4], [['08:00', '16:00']])],
  [1, [...week([1, 2, 3, 4], [['08:30', '17:30']]), ...week([5], [['08:30', '12:15'], ['14:45', '17:30']])]],
  [1, [...week([1, 2, 3, 4, 5], [['08:00', '18:00']]), ...week([6], [['09:00', '13:00']])]],
];
const HOURS_BAG = HOURS.flatMap(([w, h]) => Array.from({ length: w }, () => h));

const HOLIDAY_NAMES = ['National Day', 'Independence Day', 'Labour Day', 'New Year', 'Harvest Festival', 'Constitution Day', 'Children’s Day', 'Remembrance Day', 'Spring Festival', 'Eid', 'Christmas Day', 'Unity Day'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dewi', 'Emeka', 'Fatima', 'Gabriel', 'Hana', 'Ivan', 'Juana', 'Kofi', 'Li', 'Maria', 'Nour', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Siti', 'Tomás'];
const LAST = ['Lim', 'Okafor', 'Wang', 'Sari', 'Haddad', 'Silva', 'Kowalski', 'Nguyen', 'Jaafar', 'Mensah', 'Dubois', 'Tan', 'Garcia', 'Khan', 'Rossi', 'Park'];

/** The first Monday of the clocks; the clocks run for a week from here. */
export const WEEK_START = Date.parse('2026-11-30T00:00:00Z');

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ~`count` non-overlapping holidays over 2026 and 2027, some in the benchmark week so they matter. */
function holidays(r: Rng, count: number): Holiday[] {
  const spans: [number, number][] = [];
  const add = (start: number, days: number) => {
    const end = start + (days - 1) * DAY_MS;
    if (spans.every(([s, e]) => end < s || start > e)) spans.push([start, end]);
  };
  add(Date.parse('2026-01-01'), 1);
  if (r.chance(0.5)) add(Date.parse('2026-12-25'), r.int(1, 2));
  if (r.chance(0.2)) add(WEEK_START + r.int(0, 6) * DAY_MS, r.int(1, 3));
  const first = Date.parse('2026-01-01');
  for (let guard = 0; spans.length < count && guard < 1000; guard++) add(first + r.int(0, 729) * DAY_MS, r.chance(0.05) ? r.int(4, 7) : r.int(1, 3));
  return spans
    .sort((a, b) => a[0] - b[0])
    .map(([s, e]) => ({ startsOn: iso(s), endsOn: iso(e), name: `${r.pick(HOLIDAY_NAMES)} ${iso(s).slice(0, 4)}` }));
}

function office(r: Rng, code: string, kind: DirectoryOffice['kind'], timeZone: string, over: Partial<DirectoryOffice>): DirectoryOffice {
  return {
    id: r.uuid(),
    code,
    name: `Office ${code}`,
    kind,
    email: `media.${code}@example.org`,
    countries: [],
    responseTargetHours: r.pick([4, 8, 8, 16, 24]),
    active: true,
    parentCode: null,
    dutyContactId: null,
    timeZone,
    hours: r.pick(HOURS_BAG),
    holidays: holidays(r, r.int(18, 22)),
    ...over,
  };
}

export interface DirectorySize {
  offices: number;
  officers: number;
  rules: number;
}

/**
 * A head office, ~10 regional offices and country offices under them; every
 * office has members, a few are inactive, some countries are covered by a
 * regional office only and some by none (head office).
 */
export function generateDirectory(seed: number, size: DirectorySize): Directory {
  const r = rng(seed);
  for (const z of REGIONS.flatMap((g) => g.zones)) if (!IANAZone.isValidZone(z)) throw new Error(`not an IANA zone: ${z}`);
  const iso2 = r.shuffle(Object.keys(countries.getAlpha2Codes()).sort());
  const countryCount = size.offices - 1 - REGIONS.length;
  const primaries = iso2.slice(0, countryCount);
  const regionalOnly = iso2.slice(countryCount, countryCount + 4 * REGIONS.length);

  const head = office(r, 'hq', 'head', 'America/New_York', { responseTargetHours: 24, hours: week([1, 2, 3, 4, 5], [['09:00', '17:30']]) });
  const regional = REGIONS.map((g, i) =>
    office(r, g.code, 'regional', g.zones[0], { parentCode: 'hq', responseTargetHours: 16, countries: regionalOnly.slice(4 * i, 4 * i + 4) }),
  );
  const country = primaries.map((c, i) => {
    const g = REGIONS[i % REGIONS.length]!;
    const reg = regional[i % REGIONS.length]!;
    // Some country offices also list a country their regional office covers: the country office must win.
    const extra = r.chance(0.15) ? [r.pick(reg.countries)] : [];
    return office(r, `${c.toLowerCase()}-${String(i).padStart(3, '0')}`, 'country', r.pick(g.zones), {
      countries: [c, ...extra],
      parentCode: g.code,
      active: r.chance(0.96),
    });
  });
  const offices = [head, ...regional, ...country];

  const officers: DirectoryOfficer[] = [];
  for (let i = 0; i < size.officers; i++) {
    const home = offices[i % offices.length]!;
    const codes = [home.code];
    if (r.chance(0.25)) {
      const second = r.chance(0.6) && home.parentCode ? home.parentCode : r.pick(offices).code;
      if (second !== home.code) codes.push(second);
    }
    const absences: Absence[] = [];
    if (r.chance(0.12)) {
      let start = WEEK_START + r.int(-7 * 24, 7 * 24) * HOUR_MS;
      for (let n = r.int(1, 2); n > 0; n--) {
        const end = start + r.int(1, 10 * 24) * HOUR_MS;
        absences.push({ startsAt: new Date(start), endsAt: new Date(end) });
        start = r.chance(0.5) ? end : end + r.int(1, 72) * HOUR_MS; // sometimes touching, so "until" must join them
      }
    }
    officers.push({
      id: r.uuid(),
      name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
      title: r.pick(['Press officer', 'Communication specialist', 'Chief of communication', 'Media officer']),
      email: `officer${i}@example.org`,
      languages: [...new Set(['en', ...(r.chance(0.2) ? ['zh'] : []), ...(r.chance(0.1) ? ['ms'] : []), ...r.sample(OTHER_LANGUAGES, r.int(0, 1))])].filter(
        (l) => l !== 'en' || r.chance(0.85),
      ),
      topics: r.sample(TOPICS, r.int(0, 3)),
      position: r.int(0, 5),
      active: r.chance(0.97),
      memberships: codes.map((officeCode) => ({ officeCode, role: 'officer' as const })),
      absences,
    });
  }

  const membersOf = membersByOffice({ offices, officers, rules: [] });
  for (const o of offices) {
    const members = membersOf.get(o.code) ?? [];
    const lead = members[0];
    if (lead) lead.memberships = lead.memberships.map((m) => (m.officeCode === o.code ? { ...m, role: 'lead' } : m));
    const roll = r.next();
    // Mostly a member; sometimes someone who is not (the engine must refuse them), sometimes none.
    o.dutyContactId = roll < 0.85 && members.length ? r.pick(members).id : roll < 0.9 ? r.pick(officers).id : null;
  }

  const rules = Array.from({ length: size.rules }, (_, i) => rule(r, i, offices, officers, membersOf, iso2));
  return { offices, officers, rules };
}

export function membersByOffice(d: Directory): Map<string, DirectoryOfficer[]> {
  const m = new Map<string, DirectoryOfficer[]>();
  for (const o of d.officers) for (const { officeCode } of o.memberships) m.set(officeCode, [...(m.get(officeCode) ?? []), o]);
  return m;
}

function rule(r: Rng, i: number, offices: DirectoryOffice[], officers: DirectoryOfficer[], membersOf: Map<string, DirectoryOfficer[]>, iso2: string[]): DirectoryRule {
  const c: RuleConditions = {};
  // Mostly scoped to a few countries and one more condition, as admins write them;
  // some match on keywords or skills alone. About a third of the inquiries match none.
  const kinds = r.pick([
    ['countries', 'languages'],
    ['countries', 'languages'],
    ['countries', 'topics'],
    ['countries', 'topics'],
    ['countries', 'keywords'],
    ['countries', 'keywords'],
    ['countries', 'outletTypes'],
    ['keywords'],
    ['topics', 'outletTypes', 'languages'],
    ['languages', 'keywords'],
  ] as const);
  const narrow = kinds.length > 2; // three conditions: one value each
  for (const k of kinds) {
    if (k === 'countries') c.countries = r.sample(iso2, r.int(1, 3));
    if (k === 'languages') c.languages = narrow || r.chance(0.8) ? [r.pick(['zh', 'ms'] as const)] : r.sample(LANGUAGES, 2);
    if (k === 'topics') c.topics = r.sample(TOPICS, narrow ? 1 : r.int(1, 2));
    if (k === 'outletTypes') c.outletTypes = r.sample(OUTLET_TYPES, narrow ? 1 : r.int(1, 2));
    if (k === 'keywords') c.keywords = r.sample(KEYWORDS, r.int(1, 2));
  }
  const roll = r.next();
  const target = roll < 0.85 ? r.pick(offices.slice(1 + REGIONS.length)) : roll < 0.97 ? r.pick(offices.slice(1, 1 + REGIONS.length)) : offices[0]!;
  const members = membersOf.get(target.code) ?? [];
  const contactId = r.chance(0.3) ? (r.chance(0.85) && members.length ? r.pick(members).id : r.pick(officers).id) : null;
  return { id: r.uuid(), name: `rule ${i + 1} (${kinds.join(' + ')})`, position: i + 1, enabled: r.chance(0.92), conditions: c, officeCode: target.code, contactId };
}

export interface DecisionCase {
  inquiry: RoutableInquiry;
  /** The clock, ms since the epoch. */
  now: number;
}

/**
 * Inquiries for a directory: countries that country offices cover, that only
 * a regional office covers, that nobody covers; the three languages; subjects
 * with and without rule keywords; deadlines none, soon or far; article contact
 * lists; clocks spread over a week at any hour, so nights and weekends too.
 */
export function generateCases(seed: number, directory: Directory, count: number): DecisionCase[] {
  const r = rng(seed);
  const byKind = (k: DirectoryOffice['kind']) => directory.offices.filter((o) => o.kind === k).flatMap((o) => o.countries);
  const countryCovered = byKind('country');
  const regionalCovered = byKind('regional');
  const covered = new Set([...countryCovered, ...regionalCovered]);
  const uncovered = Object.keys(countries.getAlpha2Codes()).filter((c) => !covered.has(c));
  const membersOf = membersByOffice(directory);
  const coveringOf = new Map<string, string>();
  for (const o of [...directory.offices].reverse()) for (const c of o.countries) coveringOf.set(c, o.code);
  const words = [...new Set([...KEYWORDS, ...directory.rules.flatMap((x) => x.conditions.keywords ?? [])])];

  const cases: DecisionCase[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const country =
      roll < 0.75 && countryCovered.length ? r.pick(countryCovered) : roll < 0.88 && regionalCovered.length ? r.pick(regionalCovered) : r.pick(uncovered);
    const language = r.pick(['en', 'en', 'en', 'en', 'zh', 'zh', 'ms'] as const);
    const kw = () => {
      const w = r.pick(words);
      return r.chance(0.1) ? w.toUpperCase() : w;
    };
    // A third of the subjects carry a keyword some rule may look for.
    const subject = r.pick([
      () => `Question about ${kw()}`,
      () => `Request for comment: ${kw()} and ${kw()}, ${r.pick(FILLER)}`,
      () => (r.chance(0.5) ? `关于${kw()}的采访请求` : `Soalan mengenai ${kw()}`),
      () => `${r.pick(FILLER)} for ${country}`,
      () => `${r.pick(FILLER)}: ${r.pick(FILLER)}`,
      () => `${r.pick(FILLER)}, ${r.pick(FILLER)} (${r.pick(TOPICS)})`,
      () => `Re: ${r.pick(FILLER)}`,
      () => `关于${r.pick(FILLER)}的问题`,
      () => `Permintaan temu bual: ${r.pick(FILLER)}`,
    ])();
    const now = WEEK_START + r.int(0, 7 * 24 * 60 - 1) * 60_000 + r.int(0, 59_999);
    const d = r.next();
    const deadline = d < 0.4 ? null : new Date(now + (d < 0.7 ? r.int(30, 12 * 60) * 60_000 : r.int(2 * 24, 10 * 24) * HOUR_MS));
    let articleContactIds: string[] = [];
    if (r.chance(0.15)) {
      // An article lists 1–3 contacts; half the time one of them works in the office covering the country.
      const home = membersOf.get(coveringOf.get(country) ?? '') ?? [];
      if (home.length && r.chance(0.5)) articleContactIds.push(r.pick(home).id);
      for (let n = r.int(articleContactIds.length ? 0 : 1, 2); n > 0; n--) articleContactIds.push(r.pick(directory.officers).id);
      articleContactIds = r.shuffle(articleContactIds);
    }
    cases.push({
      inquiry: {
        country,
        language,
        topic: r.chance(0.55) ? r.pick(TOPICS) : null,
        outletType: r.chance(0.75) ? r.pick(OUTLET_TYPES) : null,
        subject,
        deadline,
        articleContactIds,
      },
      now,
    });
  }
  return cases;
}

/** Open inquiries per officer (0–6), as intake's second, balancing pass passes them. */
export function generateLoads(seed: number, directory: Directory): Map<string, number> {
  const r = rng(seed);
  return new Map(directory.officers.map((o) => [o.id, r.int(0, 6)]));
}

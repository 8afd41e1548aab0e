import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/db/schema.js';
import { route } from '../../../src/modules/routing/route.js';
import type { Directory, DirectoryContact, DirectoryOffice, RoutableInquiry } from '../../../src/modules/routing/routing.types.js';

const NOW = new Date('2026-11-30T02:00:00Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;
const OPTIONS = { deadlineMarginMinutes: 60 };

function office(code: string, kind: DirectoryOffice['kind'], countries: string[], extra: Partial<DirectoryOffice> = {}): DirectoryOffice {
  return { id: `office-${code}`, code, name: `Office ${code}`, kind, timeZone: 'UTC', email: `${code}@example.org`, countries, responseTargetHours: 24, active: true, ...extra };
}

function contact(id: string, officeCode: string, name: string, languages: string[], position: number, active = true): DirectoryContact {
  return { id, officeCode, name, title: `Press officer, ${officeCode}`, email: `${id}@example.org`, languages, position, active };
}

// A small directory in the demo's shape, with contacts chosen so each rule can be told apart.
const DIRECTORY: Directory = {
  offices: [
    office('hq', 'head', []),
    office('eapro', 'regional', ['TH', 'VN', 'KH']),
    office('china', 'country', ['CN']),
    office('malaysia', 'country', ['MY'], { responseTargetHours: 8 }),
    office('closed', 'country', ['FR'], { active: false }),
  ],
  contacts: [
    contact('c-li', 'china', 'Li Wei', ['zh'], 0),
    contact('c-dale', 'china', 'Dale Rutstein', ['en', 'zh'], 1),
    contact('c-indra', 'malaysia', 'Indra Kumari Nadchatram', ['en', 'ms'], 0),
    contact('c-juana', 'malaysia', 'Juana Jaafar', ['ms', 'zh'], 1),
    contact('c-gone', 'malaysia', 'Former Officer', ['en', 'ms', 'zh'], 0, false),
    contact('c-eapro-b', 'eapro', 'Bea Regional', ['en'], 2),
    contact('c-eapro-a', 'eapro', 'Ari Regional', ['en'], 2),
  ],
};

function inquiry(over: Partial<RoutableInquiry> = {}): RoutableInquiry {
  return { country: 'MY', language: 'en', deadline: null, articleContactIds: [], ...over };
}

describe('route(): which office', () => {
  it.each([
    ['MY', 'malaysia', 'country MY → malaysia'],
    ['CN', 'china', 'country CN → china'],
    ['TH', 'eapro', 'country TH → eapro'],
    ['BR', 'hq', 'country BR is covered by no office → hq'],
    // The office covering FR is inactive: the country counts as uncovered.
    ['FR', 'hq', 'country FR is covered by no office → hq'],
  ])('country %s → %s', (country, officeCode, reason) => {
    const d = route(inquiry({ country }), DIRECTORY, NOW, OPTIONS);
    expect(d.officeCode).toBe(officeCode);
    expect(d.reasons[0]).toBe(reason);
  });

  it('an uncovered country with no active head office is an error, not a silent drop', () => {
    const noHead: Directory = { ...DIRECTORY, offices: DIRECTORY.offices.map((o) => (o.kind === 'head' ? { ...o, active: false } : o)) };
    expect(() => route(inquiry({ country: 'BR' }), noHead, NOW, OPTIONS)).toThrow(/head office/);
  });
});

describe('route(): which contact', () => {
  it.each([
    ['article contact of the chosen office, before language and position', inquiry({ articleContactIds: ['c-dale', 'c-juana', 'c-indra'] }), 'c-juana', 'article lists Juana Jaafar for malaysia'],
    ['article order decides between two of the office', inquiry({ articleContactIds: ['c-indra', 'c-juana'], language: 'zh' }), 'c-indra', 'article lists Indra Kumari Nadchatram for malaysia'],
    ['an inactive article contact is passed over', inquiry({ articleContactIds: ['c-gone'], language: 'zh' }), 'c-juana', 'Juana Jaafar of malaysia speaks zh'],
    ['article contacts of other offices only: the language rule applies', inquiry({ country: 'CN', articleContactIds: ['c-indra'], language: 'en' }), 'c-dale', 'Dale Rutstein of china speaks en'],
    ['a language speaker next, the first by position who speaks it', inquiry({ language: 'ms' }), 'c-indra', 'Indra Kumari Nadchatram of malaysia speaks ms'],
    ['a speaker further down the list beats the first by position', inquiry({ language: 'zh' }), 'c-juana', 'Juana Jaafar of malaysia speaks zh'],
    ['nobody speaks it: the first by position', inquiry({ country: 'CN', language: 'ms' }), 'c-li', 'first contact of china: Li Wei'],
    ['same position: by name', inquiry({ country: 'TH', language: 'ms' }), 'c-eapro-a', 'first contact of eapro: Ari Regional'],
    ['an office with no contact: null, the office inbox answers', inquiry({ country: 'BR' }), null, 'hq lists no contact; the office inbox answers'],
  ])('%s', (_label, inq, contactId, reason) => {
    const d = route(inq, DIRECTORY, NOW, OPTIONS);
    expect(d.contactId).toBe(contactId);
    expect(d.reasons[1]).toBe(reason);
  });
});

describe('route(): due time and priority', () => {
  // malaysia's response target is 8 h, the margin 60 min.
  it.each([
    ['no deadline → normal, now + target', null, 'normal', NOW.getTime() + 8 * HOUR],
    ['deadline in 5 h, sooner than the 8 h target → urgent, deadline − margin', NOW.getTime() + 5 * HOUR, 'urgent', NOW.getTime() + 4 * HOUR],
    ['deadline in 30 min, inside the margin → urgent, due now (never before now)', NOW.getTime() + 30 * MINUTE, 'urgent', NOW.getTime()],
    ['deadline in 48 h → normal, now + target', NOW.getTime() + 48 * HOUR, 'normal', NOW.getTime() + 8 * HOUR],
    ['deadline exactly at target + margin → normal, now + target', NOW.getTime() + 9 * HOUR, 'normal', NOW.getTime() + 8 * HOUR],
    ['deadline one minute earlier → urgent', NOW.getTime() + 9 * HOUR - MINUTE, 'urgent', NOW.getTime() + 8 * HOUR - MINUTE],
  ])('%s', (_label, deadline, priority, due) => {
    const d = route(inquiry({ deadline: deadline === null ? null : new Date(deadline) }), DIRECTORY, NOW, OPTIONS);
    expect(d.priority).toBe(priority);
    expect(d.dueAt.getTime()).toBe(due);
  });

  it('the margin comes from the options', () => {
    const deadline = new Date(NOW.getTime() + 5 * HOUR);
    const d = route(inquiry({ deadline }), DIRECTORY, NOW, { deadlineMarginMinutes: 0 });
    expect(d.dueAt).toEqual(deadline);
    expect(d.priority).toBe('urgent');
  });
});

describe('route(): a pure function', () => {
  it('the same inputs give the same decision, and the inputs are not changed', () => {
    const inq = inquiry({ language: 'zh', deadline: new Date(NOW.getTime() + 3 * HOUR), articleContactIds: ['c-dale', 'c-juana'] });
    const dirCopy = structuredClone(DIRECTORY);
    const inqCopy = structuredClone(inq);
    const first = route(inq, DIRECTORY, NOW, OPTIONS);
    const second = route(structuredClone(inq), structuredClone(DIRECTORY), new Date(NOW), OPTIONS);
    expect(second).toEqual(first);
    expect(DIRECTORY).toEqual(dirCopy);
    expect(inq).toEqual(inqCopy);
  });

  it('gives its reasons in order: office, contact, due time', () => {
    const deadline = new Date(NOW.getTime() + 3 * HOUR);
    const d = route(inquiry({ deadline, articleContactIds: ['c-juana'] }), DIRECTORY, NOW, OPTIONS);
    expect(d).toEqual({
      officeCode: 'malaysia',
      contactId: 'c-juana',
      priority: 'urgent',
      dueAt: new Date(NOW.getTime() + 2 * HOUR),
      reasons: ['country MY → malaysia', 'article lists Juana Jaafar for malaysia', `deadline ${deadline.toISOString()} is sooner than the response target → urgent`],
    });
    const plain = route(inquiry({ country: 'BR' }), DIRECTORY, NOW, OPTIONS);
    expect(plain.reasons).toEqual([
      'country BR is covered by no office → hq',
      'hq lists no contact; the office inbox answers',
      'no deadline: due within the hq response target of 24 h',
    ]);
  });
});

// Property test: random directories (always with an active head office) and inquiries.
const COUNTRIES = ['CN', 'MY', 'TH', 'VN', 'FR', 'BR', 'KE', 'US'];
const LANGS: Language[] = ['en', 'zh', 'ms'];

const directoryArb = fc
  .record({
    offices: fc.uniqueArray(
      fc.record({ code: fc.stringMatching(/^[a-z]{2,6}$/), kind: fc.constantFrom('country' as const, 'regional' as const), active: fc.boolean(), target: fc.integer({ min: 1, max: 72 }) }),
      { maxLength: 5, selector: (o) => o.code },
    ),
    headTarget: fc.integer({ min: 1, max: 72 }),
    // For each country, the index of the office covering it (or none): one office per country, as in the database.
    owners: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: COUNTRIES.length, maxLength: COUNTRIES.length }),
    contacts: fc.array(
      fc.record({ office: fc.nat(), languages: fc.subarray(LANGS), position: fc.integer({ min: 0, max: 3 }), active: fc.boolean(), name: fc.stringMatching(/^[A-Z][a-z]{1,8}$/) }),
      { maxLength: 10 },
    ),
  })
  .map(({ offices, headTarget, owners, contacts }): Directory => {
    const others = offices.filter((o) => o.code !== 'hq');
    const all = [office('hq', 'head', [], { responseTargetHours: headTarget }), ...others.map((o) => office(o.code, o.kind, [], { active: o.active, responseTargetHours: o.target }))];
    owners.forEach((owner, i) => {
      if (owner !== null) all[owner % all.length]!.countries.push(COUNTRIES[i]!);
    });
    return {
      offices: all,
      contacts: contacts.map((c, i) => contact(`c${i}`, all[c.office % all.length]!.code, c.name, c.languages, c.position, c.active)),
    };
  });

const caseArb = directoryArb.chain((directory) =>
  fc.record({
    directory: fc.constant(directory),
    inquiry: fc.record({
      country: fc.constantFrom(...COUNTRIES, 'NZ'),
      language: fc.constantFrom(...LANGS),
      deadline: fc.option(fc.integer({ min: 1, max: 14 * 24 * 60 }).map((m) => new Date(NOW.getTime() + m * MINUTE)), { nil: null }),
      articleContactIds: fc.subarray([...directory.contacts.map((c) => c.id), 'not-a-contact']).chain((ids) => fc.shuffledSubarray(ids, { minLength: ids.length })),
    }),
    margin: fc.integer({ min: 0, max: 240 }),
  }),
);

describe('route(): properties over generated directories and inquiries', () => {
  it('exactly one active office; dueAt between now and the deadline; the contact (if any) is active and of that office', () => {
    // Counted so the test fails if the generators stop reaching the interesting cases.
    const seen = { head: 0, covered: 0, contact: 0, noContact: 0, article: 0, urgent: 0, normalWithDeadline: 0 };
    fc.assert(
      fc.property(caseArb, ({ directory, inquiry: inq, margin }) => {
        const d = route(inq, directory, NOW, { deadlineMarginMinutes: margin });
        const chosen = directory.offices.filter((o) => o.code === d.officeCode);
        expect(chosen).toHaveLength(1);
        const o = chosen[0]!;
        expect(o.active).toBe(true);
        const covering = directory.offices.find((x) => x.active && x.countries.includes(inq.country));
        expect(o).toBe(covering ?? directory.offices.find((x) => x.kind === 'head'));

        expect(d.dueAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
        expect(d.dueAt.getTime()).toBeLessThanOrEqual(NOW.getTime() + o.responseTargetHours * HOUR);
        if (inq.deadline) expect(d.dueAt.getTime()).toBeLessThanOrEqual(inq.deadline.getTime());
        expect(d.priority).toBe(inq.deadline && d.dueAt.getTime() < NOW.getTime() + o.responseTargetHours * HOUR ? 'urgent' : 'normal');

        const candidates = directory.contacts.filter((c) => c.active && c.officeCode === o.code);
        if (d.contactId === null) {
          expect(candidates).toEqual([]);
        } else {
          const c = directory.contacts.find((x) => x.id === d.contactId)!;
          expect(c.active).toBe(true);
          expect(c.officeCode).toBe(o.code);
          const listed = inq.articleContactIds.map((id) => candidates.find((x) => x.id === id)).find(Boolean);
          if (listed) expect(c).toBe(listed);
          else if (candidates.some((x) => x.languages.includes(inq.language))) expect(c.languages).toContain(inq.language);
        }

        expect(d.reasons).toHaveLength(3);
        expect(d.reasons[0]).toContain(`country ${inq.country}`);
        expect(route(inq, directory, NOW, { deadlineMarginMinutes: margin })).toEqual(d);

        if (covering) seen.covered++;
        else seen.head++;
        if (d.contactId === null) seen.noContact++;
        else seen.contact++;
        if (d.reasons[1]!.startsWith('article lists')) seen.article++;
        if (d.priority === 'urgent') seen.urgent++;
        else if (inq.deadline) seen.normalWithDeadline++;
      }),
      { numRuns: 500 },
    );
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(10);
  });
});

import type { Transaction } from 'kysely';
import type { DB } from '../../src/db/schema.js';

// The routing side of the demo: office hours, public holidays, who works
// where, skills, duty officers and two example rules. The regional and head
// office officers are invented (the release lists only China and Malaysia).

type Hours = [weekday: number, opens: string, closes: string][];
const weekdays = (intervals: [string, string][]): Hours =>
  [1, 2, 3, 4, 5].flatMap((d) => intervals.map(([o, c]) => [d, o, c] as [number, string, string]));

export const OFFICE_HOURS: Record<string, Hours> = {
  // Beijing keeps a lunch break.
  china: weekdays([['09:00', '12:00'], ['13:00', '17:30']]),
  // Kuala Lumpur: the long Friday prayer break of Malaysian federal offices.
  malaysia: [
    ...[1, 2, 3, 4].map((d) => [d, '08:30', '17:30'] as [number, string, string]),
    [5, '08:30', '12:15'],
    [5, '14:45', '17:30'],
  ],
  eapro: weekdays([['08:30', '17:00']]),
  hq: weekdays([['09:00', '17:30']]),
};

// Public holidays as announced (China: State Council; Malaysia: federal and
// Federal Territory holidays for Kuala Lumpur). Islamic holidays move with the
// lunar calendar and follow the official announcement; 2027 China dates are the
// statutory holidays, to be adjusted when the State Council publishes the schedule.
// Weekend make-up working days (调休) are not modelled.
export const HOLIDAYS: Record<string, [startsOn: string, endsOn: string, name: string][]> = {
  china: [
    ['2026-01-01', '2026-01-03', "New Year's Day"],
    ['2026-02-15', '2026-02-23', 'Spring Festival'],
    ['2026-04-04', '2026-04-06', 'Qingming Festival'],
    ['2026-05-01', '2026-05-05', 'Labour Day'],
    ['2026-06-19', '2026-06-21', 'Dragon Boat Festival'],
    ['2026-09-25', '2026-09-27', 'Mid-Autumn Festival'],
    ['2026-10-01', '2026-10-07', 'National Day'],
    ['2027-01-01', '2027-01-01', "New Year's Day"],
    ['2027-02-06', '2027-02-12', 'Spring Festival'],
    ['2027-04-05', '2027-04-05', 'Qingming Festival'],
    ['2027-05-01', '2027-05-05', 'Labour Day'],
    ['2027-06-09', '2027-06-09', 'Dragon Boat Festival'],
    ['2027-09-15', '2027-09-15', 'Mid-Autumn Festival'],
    ['2027-10-01', '2027-10-07', 'National Day'],
  ],
  malaysia: [
    ['2026-01-01', '2026-01-01', "New Year's Day"],
    ['2026-02-01', '2026-02-02', 'Thaipusam and Federal Territory Day'],
    ['2026-02-17', '2026-02-18', 'Chinese New Year'],
    ['2026-03-07', '2026-03-07', 'Nuzul Al-Quran'],
    ['2026-03-20', '2026-03-21', 'Hari Raya Aidilfitri'],
    ['2026-05-01', '2026-05-01', 'Labour Day'],
    ['2026-05-27', '2026-05-27', 'Hari Raya Haji'],
    ['2026-05-31', '2026-05-31', 'Wesak Day'],
    ['2026-06-01', '2026-06-01', "Agong's Birthday"],
    ['2026-06-17', '2026-06-17', 'Awal Muharram'],
    ['2026-08-25', '2026-08-25', 'Maulidur Rasul'],
    ['2026-08-31', '2026-08-31', 'National Day'],
    ['2026-09-16', '2026-09-16', 'Malaysia Day'],
    ['2026-11-08', '2026-11-09', 'Deepavali'],
    ['2026-12-25', '2026-12-25', 'Christmas Day'],
    ['2027-01-01', '2027-01-01', "New Year's Day"],
    ['2027-01-22', '2027-01-22', 'Thaipusam'],
    ['2027-02-01', '2027-02-01', 'Federal Territory Day'],
    ['2027-02-06', '2027-02-08', 'Chinese New Year'],
    ['2027-02-24', '2027-02-24', 'Nuzul Al-Quran'],
    ['2027-03-10', '2027-03-11', 'Hari Raya Aidilfitri'],
    ['2027-05-01', '2027-05-01', 'Labour Day'],
    ['2027-05-17', '2027-05-17', 'Hari Raya Haji'],
    ['2027-05-20', '2027-05-20', 'Wesak Day'],
    ['2027-06-07', '2027-06-07', "Agong's Birthday"],
    ['2027-06-06', '2027-06-06', 'Awal Muharram'],
    ['2027-08-15', '2027-08-16', 'Maulidur Rasul'],
    ['2027-08-31', '2027-08-31', 'National Day'],
    ['2027-09-16', '2027-09-16', 'Malaysia Day'],
    ['2027-10-28', '2027-10-28', 'Deepavali'],
    ['2027-12-25', '2027-12-25', 'Christmas Day'],
  ],
};

export const EXTRA_OFFICERS = [
  { office: 'eapro', name: 'Pim Rattanakul', title: 'Regional Media Officer', email: 'pim.rattanakul@example.org', phone: '+66 2 356 9499', languages: ['en', 'th'], position: 0 },
  { office: 'hq', name: 'Alex Morgan', title: 'Media Officer, New York', email: 'alex.morgan@example.org', phone: '+1 212 326 7000', languages: ['en', 'fr'], position: 0 },
] as const;

/** office → [officer email, role]; the first listed is the duty officer unless DUTY says otherwise. */
const MEMBERS: Record<string, [string, 'lead' | 'officer'][]> = {
  china: [['dale.rutstein@example.org', 'lead']],
  malaysia: [['indra.nadchatram@example.org', 'lead'], ['juana.jaafar@example.org', 'officer']],
  eapro: [['pim.rattanakul@example.org', 'lead']],
  hq: [['alex.morgan@example.org', 'lead']],
};

const DUTY: Record<string, string> = {
  china: 'dale.rutstein@example.org',
  malaysia: 'juana.jaafar@example.org',
  eapro: 'pim.rattanakul@example.org',
  hq: 'alex.morgan@example.org',
};

const TOPICS: Record<string, string[]> = {
  'dale.rutstein@example.org': ['child-rights', 'child-protection'],
  'indra.nadchatram@example.org': ['child-protection', 'education'],
  'juana.jaafar@example.org': ['health', 'nutrition'],
  'pim.rattanakul@example.org': ['disaster-risk-reduction', 'emergencies'],
  'alex.morgan@example.org': ['data-and-research'],
};

const RESPONSE_TARGET_HOURS = 8;

export async function seedDemoRouting(trx: Transaction<DB>, officeIds: Record<string, string>): Promise<void> {
  for (const o of EXTRA_OFFICERS) {
    await trx
      .insertInto('contacts')
      .values({ office_id: officeIds[o.office]!, name: o.name, title: o.title, email: o.email, phone: o.phone, languages: [...o.languages], position: o.position })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
  }
  const contacts = Object.fromEntries((await trx.selectFrom('contacts').select(['id', 'email']).execute()).map((c) => [c.email, c.id]));

  for (const [office, hours] of Object.entries(OFFICE_HOURS)) {
    await trx
      .insertInto('office_hours')
      .values(hours.map(([weekday, opens, closes]) => ({ office_id: officeIds[office]!, weekday, opens, closes })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const [office, holidays] of Object.entries(HOLIDAYS)) {
    for (const [starts_on, ends_on, name] of holidays) {
      // DO NOTHING without a target also covers the no-overlap exclusion constraint: reseeding adds nothing.
      await trx.insertInto('office_holidays').values({ office_id: officeIds[office]!, starts_on, ends_on, name }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  for (const [office, members] of Object.entries(MEMBERS)) {
    await trx
      .insertInto('office_members')
      .values(members.map(([email, role]) => ({ office_id: officeIds[office]!, contact_id: contacts[email]!, role })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .updateTable('offices')
      .set({ duty_contact_id: contacts[DUTY[office]!]!, response_target_hours: RESPONSE_TARGET_HOURS })
      .where('id', '=', officeIds[office]!)
      .where('duty_contact_id', 'is', null)
      .execute();
  }
  for (const [email, topics] of Object.entries(TOPICS)) {
    await trx
      .insertInto('contact_topics')
      .values(topics.map((topic) => ({ contact_id: contacts[email]!, topic })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const anyRule = await trx.selectFrom('routing_rules').select('id').limit(1).executeTakeFirst();
  if (!anyRule) {
    await trx
      .insertInto('routing_rules')
      .values([
        {
          position: 1,
          name: 'Chinese-language media in Hong Kong, Macao, Taiwan and Singapore',
          conditions: JSON.stringify({ languages: ['zh'], countries: ['HK', 'MO', 'TW', 'SG'] }),
          office_id: officeIds.china!,
          contact_id: null,
        },
        {
          position: 2,
          name: 'Emergencies in the region',
          conditions: JSON.stringify({ topics: ['emergencies'], countries: ['KH', 'ID', 'LA', 'MM', 'PH', 'TH', 'TL', 'VN', 'PG', 'FJ', 'VU', 'SB', 'TO', 'WS'] }),
          office_id: officeIds.eapro!,
          contact_id: contacts['pim.rattanakul@example.org']!,
        },
      ])
      .execute();
  }
}

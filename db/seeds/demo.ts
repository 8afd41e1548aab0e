import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { randomToken } from '../../src/lib/tokens.js';
import { beijingReleaseParagraphs } from './beijing-2010-release.js';
import { seedDemoRouting } from './demo-routing.js';
import { seedDemoStaff } from './demo-staff.js';

// Demo data from the seed release: UNICEF's China and Malaysia media offices,
// the East Asia and Pacific regional office, and head office. Phones and
// titles are the release's; addresses are invented (@example.org).

export const DEMO_ARTICLE_SLUG = 'asia-pacific-governments-commit-to-child-rights';

/** UNICEF East Asia and Pacific programme countries and the rest of the region the regional office answers for. */
const EAPRO_COUNTRIES = [
  'KH', 'KP', 'ID', 'LA', 'MN', 'MM', 'PG', 'PH', 'TH', 'TL', 'VN',
  'FJ', 'KI', 'MH', 'FM', 'NR', 'PW', 'WS', 'SB', 'TO', 'TV', 'VU', 'CK', 'NU', 'TK',
  'JP', 'KR', 'AU', 'NZ', 'SG', 'BN', 'HK', 'MO', 'TW',
];

const OFFICES = [
  { code: 'hq', name: 'UNICEF Media, New York', city: 'New York', time_zone: 'America/New_York', kind: 'head', parent: null, email: 'media.hq@example.org', countries: [] },
  { code: 'eapro', name: 'UNICEF East Asia and Pacific Regional Office', city: 'Bangkok', time_zone: 'Asia/Bangkok', kind: 'regional', parent: 'hq', email: 'media.eapro@example.org', countries: EAPRO_COUNTRIES },
  { code: 'china', name: 'UNICEF Media China', city: 'Beijing', time_zone: 'Asia/Shanghai', kind: 'country', parent: 'eapro', email: 'media.china@example.org', countries: ['CN'] },
  { code: 'malaysia', name: 'UNICEF Media Malaysia', city: 'Kuala Lumpur', time_zone: 'Asia/Kuala_Lumpur', kind: 'country', parent: 'eapro', email: 'media.malaysia@example.org', countries: ['MY'] },
] as const;

export const DEMO_CONTACTS = [
  { office: 'china', name: 'Dale Rutstein', title: 'UNICEF Media China', email: 'dale.rutstein@example.org', phone: '+86 139 1097 3801', languages: ['en', 'zh'], position: 0 },
  { office: 'malaysia', name: 'Indra Kumari Nadchatram', title: 'UNICEF Media Malaysia', email: 'indra.nadchatram@example.org', phone: '+6012 292 6872', languages: ['en', 'ms'], position: 0 },
  { office: 'malaysia', name: 'Juana Jaafar', title: 'UNICEF Media Malaysia', email: 'juana.jaafar@example.org', phone: '+6012 530 9693', languages: ['ms', 'en'], position: 1 },
] as const;

const TOPICS = [
  ['child-protection', 'Child protection'],
  ['child-rights', 'Child rights'],
  ['disaster-risk-reduction', 'Disaster risk reduction'],
  ['education', 'Education'],
  ['emergencies', 'Emergencies'],
  ['health', 'Health'],
  ['nutrition', 'Nutrition'],
  ['data-and-research', 'Data and research'],
] as const;

/** Loads the demo directory and release; safe to run any number of times. */
export async function seedDemo(db: Kysely<DB>, opts: { staffPassword?: string } = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const o of OFFICES) {
      await trx
        .insertInto('offices')
        .values({ code: o.code, name: o.name, city: o.city, time_zone: o.time_zone, kind: o.kind, email: o.email })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    const ids = Object.fromEntries(
      (await trx.selectFrom('offices').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
    );
    for (const o of OFFICES) {
      if (o.parent) await trx.updateTable('offices').set({ parent_id: ids[o.parent] }).where('code', '=', o.code).where('parent_id', 'is', null).execute();
      if (o.countries.length) {
        await trx
          .insertInto('office_countries')
          .values(o.countries.map((country) => ({ country, office_id: ids[o.code]! })))
          .onConflict((oc) => oc.column('country').doNothing())
          .execute();
      }
    }
    for (const c of DEMO_CONTACTS) {
      await trx
        .insertInto('contacts')
        .values({ office_id: ids[c.office]!, name: c.name, title: c.title, email: c.email, phone: c.phone, languages: [...c.languages], position: c.position })
        .onConflict((oc) => oc.column('email').doNothing())
        .execute();
    }
    await trx
      .insertInto('topics')
      .values(TOPICS.map(([code, name]) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await seedDemoRouting(trx, ids);
    // No password given: one nobody knows (the accounts exist, no one can sign in with a guess).
    await seedDemoStaff(trx, opts.staffPassword ?? randomToken());

    const article = await trx
      .insertInto('articles')
      .values({
        slug: DEMO_ARTICLE_SLUG,
        title: 'Asia-Pacific governments commit to increase cooperation for child rights',
        subtitle: 'High Level Meeting on Co-operation for Child Rights in the Asia-Pacific Region: governments unanimously adopt Beijing Declaration',
        dateline: 'BEIJING, 6 November 2010',
        body: beijingReleaseParagraphs.join('\n\n'),
        published_at: new Date('2010-11-06T08:00:00+08:00'),
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (article) {
      const contacts = await trx.selectFrom('contacts').select(['id', 'email']).where('email', 'in', DEMO_CONTACTS.map((c) => c.email)).execute();
      await trx
        .insertInto('article_contacts')
        .values(DEMO_CONTACTS.map((c, position) => ({ article_id: article.id, contact_id: contacts.find((x) => x.email === c.email)!.id, position })))
        .execute();
      await trx
        .insertInto('article_links')
        .values([
          { article_id: article.id, position: 0, label: 'Convention on the Rights of the Child', url: 'https://www.unicef.org/child-rights-convention' },
          { article_id: article.id, position: 1, label: 'UNICEF East Asia and Pacific', url: 'https://www.unicef.org/eap/' },
        ])
        .execute();
    }
  });
}

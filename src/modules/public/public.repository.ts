import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/database.js';

// Reads for the public pages: published releases only (published_at at or
// before the app's clock), active offices and active contacts only.

/** The time zone a release's date is read in: the office of its first listed contact, else UTC. */
const releaseTimeZone = sql<string>`coalesce((
  select o.time_zone from article_contacts ac
  join contacts c on c.id = ac.contact_id
  join offices o on o.id = c.office_id
  where ac.article_id = a.id
  order by ac.position limit 1), 'UTC')`;

export async function latestReleases(db: Database, now: Date, limit = 20) {
  return db
    .selectFrom('articles as a')
    .select(['a.slug', 'a.title', 'a.dateline', 'a.language', 'a.published_at', releaseTimeZone.as('time_zone')])
    .where('a.published_at', '<=', now)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.slug')
    .limit(limit)
    .execute();
}

export type ReleaseSummary = Awaited<ReturnType<typeof latestReleases>>[number];

/** One round trip: the release with its active contacts and its links (JSON sub-selects). */
export async function findRelease(db: Database, slug: string, now: Date) {
  const article = await db
    .selectFrom('articles as a')
    .select((eb) => [
      'a.slug',
      'a.title',
      'a.subtitle',
      'a.dateline',
      'a.body',
      'a.body_html',
      'a.language',
      'a.published_at',
      releaseTimeZone.as('time_zone'),
      jsonArrayFrom(
        eb
          .selectFrom('article_contacts as ac')
          .innerJoin('contacts as c', 'c.id', 'ac.contact_id')
          .innerJoin('offices as o', 'o.id', 'c.office_id')
          .select(['c.name', 'c.title', 'c.email', 'c.phone', 'o.code as office_code', 'o.name as office_name'])
          .whereRef('ac.article_id', '=', 'a.id')
          .where('c.active', '=', true)
          .where('o.active', '=', true)
          .orderBy('ac.position'),
      ).as('contacts'),
      jsonArrayFrom(
        eb.selectFrom('article_links as l').select(['l.label', 'l.url']).whereRef('l.article_id', '=', 'a.id').orderBy('l.position'),
      ).as('links'),
    ])
    .where('a.slug', '=', slug)
    .where('a.published_at', '<=', now)
    .executeTakeFirst();
  return article ?? null;
}

export type Release = NonNullable<Awaited<ReturnType<typeof findRelease>>>;

/** Active offices (country offices first, then regional, then head office) with their active contacts. */
export async function pressDirectory(db: Database) {
  const [offices, contacts] = await Promise.all([
    db
      .selectFrom('offices')
      .select(['id', 'code', 'name', 'city', 'time_zone', 'email'])
      .where('active', '=', true)
      .orderBy(sql`case kind when 'country' then 0 when 'regional' then 1 else 2 end`)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('contacts')
      .select(['office_id', 'name', 'title', 'email', 'phone', 'languages'])
      .where('active', '=', true)
      .orderBy('position')
      .orderBy('name')
      .execute(),
  ]);
  return groupByOffice(offices, contacts);
}

/** Pure: each office with its contacts, in the offices' order. */
export function groupByOffice<O extends { id: string }, C extends { office_id: string }>(offices: O[], contacts: C[]) {
  return offices.map((office) => ({ ...office, contacts: contacts.filter((c) => c.office_id === office.id) }));
}

export type DirectoryOffice = Awaited<ReturnType<typeof pressDirectory>>[number];

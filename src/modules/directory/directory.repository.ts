import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export async function listOffices(db: Database) {
  return db
    .selectFrom('offices as o')
    .select([
      'o.id',
      'o.code',
      'o.name',
      'o.city',
      'o.time_zone',
      'o.kind',
      'o.email',
      'o.response_target_hours',
      'o.active',
      sql<string[]>`coalesce((select array_agg(oc.country order by oc.country) from office_countries oc where oc.office_id = o.id), '{}')`.as('countries'),
      sql<string | null>`(select p.code from offices p where p.id = o.parent_id)`.as('parent_code'),
    ])
    .orderBy(sql`case o.kind when 'country' then 0 when 'regional' then 1 else 2 end`)
    .orderBy('o.code')
    .execute();
}

export async function listContacts(db: Database, opts: { activeOnly?: boolean } = {}) {
  let q = db
    .selectFrom('contacts as c')
    .innerJoin('offices as o', 'o.id', 'c.office_id')
    .select(['c.id', 'c.name', 'c.title', 'c.email', 'c.phone', 'c.languages', 'c.position', 'c.active', 'o.code as office_code', 'o.name as office_name'])
    .orderBy('o.code')
    .orderBy('c.position')
    .orderBy('c.name');
  if (opts.activeOnly) q = q.where('c.active', '=', true);
  return q.execute();
}

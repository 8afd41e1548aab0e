import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { OfficesTable, RoutingRulesTable, RuleConditions } from '../../db/schema.js';
import type { OfficeDetail } from './admin.schemas.js';
import type { RuleRefs } from './admin.validation.js';

/**
 * Serialises admin writes: the row every directory change bumps (migration
 * 0004). Checks that read other rows (fallback cycles, rule order, the last
 * head office) then see no concurrent change until commit.
 */
export async function lockDirectory(trx: Executor): Promise<void> {
  await sql`select version from directory_version for update`.execute(trx);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RuleRow {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  office: string;
  contactId: string | null;
  contactName: string | null;
  createdAt: string;
  updatedAt: string;
}

function rulesQuery(db: Executor) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('offices as o', 'o.id', 'r.office_id')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.position', 'r.name', 'r.enabled', 'r.conditions', 'o.code as office', 'r.contact_id', 'c.name as contact_name', 'r.created_at', 'r.updated_at'])
    // The routing loader's order: position, then age.
    .orderBy('r.position')
    .orderBy('r.created_at')
    .orderBy('r.id');
}

type RuleSelect = Awaited<ReturnType<ReturnType<typeof rulesQuery>['execute']>>[number];
const toRule = (r: RuleSelect): RuleRow => ({
  id: r.id,
  position: r.position,
  name: r.name,
  enabled: r.enabled,
  conditions: r.conditions,
  office: r.office,
  contactId: r.contact_id,
  contactName: r.contact_name,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listRules(db: Executor): Promise<RuleRow[]> {
  return (await rulesQuery(db).execute()).map(toRule);
}

export async function findRule(db: Executor, id: string): Promise<RuleRow | null> {
  if (!UUID.test(id)) return null;
  const row = await rulesQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toRule(row) : null;
}

/** Rule ids in priority order. */
export async function ruleOrder(db: Executor): Promise<string[]> {
  return (await rulesQuery(db).execute()).map((r) => r.id);
}

export async function insertRule(trx: Executor, values: Insertable<RoutingRulesTable>): Promise<string> {
  return (await trx.insertInto('routing_rules').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRuleRow(trx: Executor, id: string, set: Updateable<RoutingRulesTable>): Promise<void> {
  await trx.updateTable('routing_rules').set(set).where('id', '=', id).execute();
}

export async function deleteRuleRow(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('routing_rules').where('id', '=', id).execute();
}

/** Positions 1..n in the given order, in one statement. */
export async function renumberRules(trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update routing_rules r set position = x.pos
    from unnest(${sql.val(ids)}::uuid[]) with ordinality as x(id, pos)
    where r.id = x.id and r.position <> x.pos`.execute(trx);
}

export interface OfficeRef {
  id: string;
  code: string;
  kind: 'country' | 'regional' | 'head';
  active: boolean;
  parentCode: string | null;
}

export async function officeRefs(db: Executor): Promise<Map<string, OfficeRef>> {
  const rows = await db
    .selectFrom('offices as o')
    .leftJoin('offices as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.code', 'o.kind', 'o.active', 'p.code as parent_code'])
    .execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, code: r.code, kind: r.kind, active: r.active, parentCode: r.parent_code }]));
}

export async function insertOffice(trx: Executor, values: Insertable<OfficesTable>): Promise<string> {
  return (await trx.insertInto('offices').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateOfficeRow(trx: Executor, id: string, set: Updateable<OfficesTable>): Promise<void> {
  await trx.updateTable('offices').set(set).where('id', '=', id).execute();
}

/** What checkRuleRefs needs: the offices, the named contacts with their memberships, the named topics that exist. */
export async function ruleRefs(db: Executor, contactIds: string[], topics: string[]): Promise<RuleRefs & { officeIds: Map<string, string> }> {
  const [offices, contacts, known] = await Promise.all([
    officeRefs(db),
    contactIds.length
      ? db
          .selectFrom('contacts as c')
          .select([
            'c.id',
            'c.name',
            'c.active',
            sql<string[]>`coalesce((select array_agg(o.code) from office_members m join offices o on o.id = m.office_id where m.contact_id = c.id), '{}')`.as('offices'),
          ])
          .where('c.id', 'in', contactIds)
          .execute()
      : [],
    knownTopics(db, topics),
  ]);
  return {
    offices: new Set(offices.keys()),
    officeIds: new Map([...offices.values()].map((o) => [o.code, o.id])),
    contacts: new Map(contacts.map((c) => [c.id, { name: c.name, active: c.active, offices: c.offices }])),
    topics: known,
  };
}

/** The codes among `codes` that are topics. */
export async function knownTopics(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('topics').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((t) => t.code));
}

/** Countries in `countries` covered by an office other than `officeId`. */
export async function countriesCoveredElsewhere(db: Executor, countries: string[], officeId: string | null): Promise<Map<string, string>> {
  if (countries.length === 0) return new Map();
  let q = db
    .selectFrom('office_countries as oc')
    .innerJoin('offices as o', 'o.id', 'oc.office_id')
    .select(['oc.country', 'o.code'])
    .where('oc.country', 'in', countries);
  if (officeId) q = q.where('oc.office_id', '<>', officeId);
  return new Map((await q.execute()).map((r) => [r.country, r.code]));
}

export async function replaceCountries(trx: Executor, officeId: string, countries: string[]): Promise<void> {
  await trx.deleteFrom('office_countries').where('office_id', '=', officeId).execute();
  if (countries.length) await trx.insertInto('office_countries').values(countries.map((country) => ({ country, office_id: officeId }))).execute();
}

export async function replaceHours(trx: Executor, officeId: string, hours: { weekday: number; opens: string; closes: string }[]): Promise<void> {
  await trx.deleteFrom('office_hours').where('office_id', '=', officeId).execute();
  if (hours.length) await trx.insertInto('office_hours').values(hours.map((h) => ({ office_id: officeId, ...h }))).execute();
}

export async function replaceHolidays(trx: Executor, officeId: string, holidays: { startsOn: string; endsOn: string; name: string }[]): Promise<void> {
  await trx.deleteFrom('office_holidays').where('office_id', '=', officeId).execute();
  if (holidays.length) {
    await trx
      .insertInto('office_holidays')
      .values(holidays.map((h) => ({ office_id: officeId, starts_on: h.startsOn, ends_on: h.endsOn, name: h.name })))
      .execute();
  }
}

/** Everything routing knows about one office, or null. */
export async function findOfficeDetail(db: Executor, code: string): Promise<OfficeDetail | null> {
  const office = await db
    .selectFrom('offices as o')
    .leftJoin('offices as p', 'p.id', 'o.parent_id')
    .leftJoin('contacts as d', 'd.id', 'o.duty_contact_id')
    .select([
      'o.id', 'o.code', 'o.name', 'o.mail_display_name', 'o.city', 'o.kind', 'o.email', 'o.time_zone', 'o.response_target_hours', 'o.active',
      'p.code as parent_code', 'd.id as duty_id', 'd.name as duty_name', 'd.email as duty_email',
    ])
    .where('o.code', '=', code)
    .executeTakeFirst();
  if (!office) return null;
  const [countries, members, hours, holidays] = await Promise.all([
    db.selectFrom('office_countries').select('country').where('office_id', '=', office.id).orderBy('country').execute(),
    db
      .selectFrom('office_members as m')
      .innerJoin('contacts as c', 'c.id', 'm.contact_id')
      .select([
        'c.id', 'c.name', 'c.title', 'c.email', 'm.role', 'c.active', 'c.languages',
        sql<string[]>`coalesce((select array_agg(t.topic order by t.topic) from contact_topics t where t.contact_id = c.id), '{}')`.as('topics'),
      ])
      .where('m.office_id', '=', office.id)
      .orderBy('c.position')
      .orderBy('c.name')
      .execute(),
    db
      .selectFrom('office_hours')
      .select(['weekday', sql<string>`to_char(opens, 'HH24:MI')`.as('opens'), sql<string>`to_char(closes, 'HH24:MI')`.as('closes')])
      .where('office_id', '=', office.id)
      .orderBy('weekday')
      .orderBy('opens')
      .execute(),
    db
      .selectFrom('office_holidays')
      .select([sql<string>`starts_on::text`.as('startsOn'), sql<string>`ends_on::text`.as('endsOn'), 'name'])
      .where('office_id', '=', office.id)
      .orderBy('starts_on')
      .execute(),
  ]);
  return {
    code: office.code,
    name: office.name,
    mailDisplayName: office.mail_display_name,
    city: office.city,
    kind: office.kind,
    email: office.email,
    timeZone: office.time_zone,
    parent: office.parent_code,
    responseTargetHours: office.response_target_hours,
    active: office.active,
    countries: countries.map((c) => c.country),
    dutyOfficer: office.duty_id ? { id: office.duty_id, name: office.duty_name!, email: office.duty_email! } : null,
    members,
    hours,
    holidays,
  };
}

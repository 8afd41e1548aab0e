import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Directory, DirectoryOffice, OpeningInterval, Weekday } from './routing.types.js';

const hhmm = (t: string) => t.slice(0, 5);

/**
 * Reads the whole routing directory in a handful of queries. Absences that
 * have ended are left out; everything else routing may need is here.
 */
export async function loadRoutingDirectory(db: Executor): Promise<Directory> {
  const [offices, hours, holidays, officers, memberships, absences, rules] = await Promise.all([
    db
      .selectFrom('offices as o')
      .leftJoin('offices as p', 'p.id', 'o.parent_id')
      .select([
        'o.id',
        'o.code',
        'o.name',
        'o.kind',
        'o.email',
        'o.time_zone',
        'o.response_target_hours',
        'o.active',
        'o.duty_contact_id',
        'o.mail_display_name',
        'p.code as parent_code',
        sql<string[]>`coalesce((select array_agg(oc.country order by oc.country) from office_countries oc where oc.office_id = o.id), '{}')`.as('countries'),
      ])
      .orderBy('o.code')
      .execute(),
    db.selectFrom('office_hours').selectAll().orderBy('office_id').orderBy('weekday').orderBy('opens').execute(),
    db.selectFrom('office_holidays').select(['office_id', sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on'), 'name']).orderBy('starts_on').execute(),
    db
      .selectFrom('contacts as c')
      .select([
        'c.id',
        'c.name',
        'c.title',
        'c.email',
        'c.phone',
        'c.languages',
        'c.position',
        'c.active',
        sql<string[]>`coalesce((select array_agg(ct.topic order by ct.topic) from contact_topics ct where ct.contact_id = c.id), '{}')`.as('topics'),
      ])
      .orderBy('c.position')
      .orderBy('c.name')
      .execute(),
    db.selectFrom('office_members as m').innerJoin('offices as o', 'o.id', 'm.office_id').select(['m.contact_id', 'o.code', 'm.role']).execute(),
    db.selectFrom('out_of_office').select(['contact_id', 'starts_at', 'ends_at']).where('ends_at', '>', sql<Date>`now() - interval '30 days'`).execute(),
    db
      .selectFrom('routing_rules as r')
      .innerJoin('offices as o', 'o.id', 'r.office_id')
      .select(['r.id', 'r.name', 'r.position', 'r.enabled', 'r.conditions', 'o.code as office_code', 'r.contact_id'])
      .orderBy('r.position')
      .orderBy('r.created_at')
      .execute(),
  ]);

  const group = <T, K>(rows: T[], key: (r: T) => K) => {
    const m = new Map<K, T[]>();
    for (const r of rows) {
      const list = m.get(key(r));
      if (list) list.push(r);
      else m.set(key(r), [r]);
    }
    return m;
  };
  const membershipsBy = group(memberships, (m) => m.contact_id);
  const absencesBy = group(absences, (a) => a.contact_id);
  const hoursBy = group(hours, (h) => h.office_id);
  const holidaysBy = group(holidays, (h) => h.office_id);

  return {
    offices: offices.map(
      (o): DirectoryOffice => ({
        id: o.id,
        code: o.code,
        name: o.name,
        kind: o.kind,
        email: o.email,
        timeZone: o.time_zone,
        countries: o.countries,
        responseTargetHours: o.response_target_hours,
        active: o.active,
        parentCode: o.parent_code,
        dutyContactId: o.duty_contact_id,
        mailDisplayName: o.mail_display_name,
        hours: (hoursBy.get(o.id) ?? []).map(
          (h): OpeningInterval => ({ weekday: h.weekday as Weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) }),
        ),
        holidays: (holidaysBy.get(o.id) ?? []).map((h) => ({ startsOn: h.starts_on, endsOn: h.ends_on, name: h.name })),
      }),
    ),
    officers: officers.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      email: c.email,
      phone: c.phone,
      languages: c.languages,
      topics: c.topics,
      position: c.position,
      active: c.active,
      memberships: (membershipsBy.get(c.id) ?? []).map((m) => ({ officeCode: m.code, role: m.role })),
      absences: (absencesBy.get(c.id) ?? []).map((a) => ({ startsAt: a.starts_at, endsAt: a.ends_at })),
    })),
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      position: r.position,
      enabled: r.enabled,
      conditions: r.conditions,
      officeCode: r.office_code,
      contactId: r.contact_id,
    })),
  };
}

/** Active accounts that take new-inquiry alerts in their digest: lower-case address → account id. */
export async function loadDigestStaff(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('staff_users')
    .select(['id', sql<string>`lower(email)`.as('email')])
    .where('active', '=', true)
    .where('notify', '=', 'digest')
    .execute();
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** The codes of the topics an inquiry may name. */
export async function loadTopicCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('topics').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

/** Open inquiries per officer, for the officers routing is choosing between. */
export async function openLoads(db: Executor, contactIds: string[]): Promise<Map<string, number>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('inquiries')
    .select(['contact_id', sql<number>`count(*)::int`.as('n')])
    .where('contact_id', 'in', contactIds)
    .where('status', 'in', ['new', 'open', 'waiting'])
    .groupBy('contact_id')
    .execute();
  return new Map(rows.map((r) => [r.contact_id!, r.n]));
}

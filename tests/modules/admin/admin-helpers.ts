import { sql } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/database.js';
import { createApiToken } from '../../../src/modules/auth/api-tokens.js';
import type { TestContext } from '../../helpers/app.js';

export { expectProblem } from '../inquiries/problem-assertions.js';

export interface AdminClient {
  token: string;
  get(path: string): Promise<Response>;
  del(path: string): Promise<Response>;
  send(method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown): Promise<Response>;
}

/** Calls an app with an admin token, as a client of the admin API would. */
export async function adminClient(t: TestContext, app: App = t.app): Promise<AdminClient> {
  const token = await createApiToken(t.db, 'test admin', 'admin');
  return clientFor(app, token);
}

export function clientFor(app: App, token: string): AdminClient {
  const auth = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (path) => Promise.resolve(app.request(path, { headers: auth })),
    del: (path) => Promise.resolve(app.request(path, { method: 'DELETE', headers: auth })),
    send: (method, path, body) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: { ...auth, 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
  };
}

/** The directory's change counter and row counts: "nothing saved" means none of these moved. */
export async function directorySnapshot(db: Database) {
  const { rows } = await sql<{ version: number; rules: number; offices: number; countries: number; hours: number; holidays: number; inquiries: number; events: number; emails: number; jobs: number }>`
    select (select version from directory_version)::int as version,
           (select count(*) from routing_rules)::int as rules,
           (select count(*) from offices)::int as offices,
           (select count(*) from office_countries)::int as countries,
           (select count(*) from office_hours)::int as hours,
           (select count(*) from office_holidays)::int as holidays,
           (select count(*) from inquiries)::int as inquiries,
           (select count(*) from inquiry_events)::int as events,
           (select count(*) from emails)::int as emails,
           (select count(*) from graphile_worker._private_jobs)::int as jobs`.execute(db);
  // Whole rows too, so an in-place update (same counts) is caught.
  const { rows: digest } = await sql<{ d: string }>`
    select md5(concat_ws('|',
      (select string_agg(r::text, ',' order by r.id) from routing_rules r),
      (select string_agg(o::text, ',' order by o.id) from offices o),
      (select string_agg(c::text, ',' order by c.country) from office_countries c),
      (select string_agg(h::text, ',' order by h.office_id, h.weekday, h.opens) from office_hours h),
      (select string_agg(x::text, ',' order by x.id) from office_holidays x))) as d`.execute(db);
  return { ...rows[0]!, digest: digest[0]!.d };
}

/** Runs `act` (which must be refused) and asserts the directory and the inquiry tables are exactly as before. */
export async function expectNothingSaved<T>(db: Database, act: () => Promise<T>): Promise<T> {
  const before = await directorySnapshot(db);
  const out = await act();
  expect(await directorySnapshot(db)).toEqual(before);
  return out;
}

export async function contactId(db: Database, email: string): Promise<string> {
  return (await db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

export const INDRA = 'indra.nadchatram@example.org';
export const JUANA = 'juana.jaafar@example.org';
export const DALE = 'dale.rutstein@example.org';
export const PIM = 'pim.rattanakul@example.org';

/** Saturday 5 December 2026, 10:00 in Kuala Lumpur. */
export const SATURDAY_10_KL = '2026-12-05T10:00:00+08:00';

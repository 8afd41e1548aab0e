import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/problem.js';
import { canonicalTimeZone, checkHolidays, checkHours, checkReorder, fallbackCycle } from '../../../src/modules/admin/admin.validation.js';
import { constraintProblem } from '../../../src/modules/admin/admin.write.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

// The pure checks behind the admin API's 422s, and the database constraints
// that back them up (mapped to the same 422 should a check ever miss a case).

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('bad input: pure checks', () => {
  it('canonicalTimeZone accepts IANA zones (any case, aliases) and refuses offsets and inventions', () => {
    expect(canonicalTimeZone('Asia/Kuala_Lumpur')).toBe('Asia/Kuala_Lumpur');
    expect(canonicalTimeZone('asia/kuala_lumpur')).toBe('Asia/Kuala_Lumpur');
    expect(canonicalTimeZone('Australia/Sydney')).toBe('Australia/Sydney');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['', 'Mars/Olympus', '+08:00', 'UTC+8', 'GMT+08:00', 'Asia/Kuala Lumpur', '../etc/passwd']) {
      expect(canonicalTimeZone(bad), bad).toBeNull();
    }
  });

  it('checkHours: closes after opens, no overlap on a day, touching and other days are fine', () => {
    expect(checkHours([{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 1, opens: '12:00', closes: '17:00' }, { weekday: 2, opens: '10:00', closes: '11:00' }])).toEqual([]);
    expect(fields(checkHours([{ weekday: 1, opens: '12:00', closes: '12:00' }]))).toEqual(['hours.0.closes']);
    // An interval inside another, listed first; the report names the later-starting one.
    expect(checkHours([{ weekday: 5, opens: '10:00', closes: '11:00' }, { weekday: 5, opens: '08:00', closes: '17:00' }])).toEqual([
      { field: 'hours.0', pointer: '#/hours/0', detail: 'overlaps 08:00–17:00 on Friday (hours.1)' },
    ]);
  });

  it('checkHolidays: reversed and overlapping ranges, inclusive, across years', () => {
    expect(checkHolidays([{ startsOn: '2026-12-31', endsOn: '2027-01-01', name: 'A' }, { startsOn: '2027-01-02', endsOn: '2027-01-02', name: 'B' }])).toEqual([]);
    expect(fields(checkHolidays([{ startsOn: '2026-12-31', endsOn: '2027-01-01', name: 'A' }, { startsOn: '2027-01-01', endsOn: '2027-01-03', name: 'B' }]))).toEqual(['holidays.1']);
    // A long holiday overlaps one that starts after the next one ends.
    expect(
      fields(checkHolidays([{ startsOn: '2027-01-01', endsOn: '2027-01-31', name: 'Long' }, { startsOn: '2027-01-02', endsOn: '2027-01-02', name: 'B' }, { startsOn: '2027-01-20', endsOn: '2027-01-20', name: 'C' }])),
    ).toEqual(['holidays.1', 'holidays.2']);
    expect(fields(checkHolidays([{ startsOn: '2027-01-02', endsOn: '2027-01-01', name: 'R' }]))).toEqual(['holidays.0.endsOn']);
  });

  it('fallbackCycle finds loops through the office, ignores chains that end', () => {
    const parents = new Map<string, string | null>([['hq', null], ['eapro', 'hq'], ['malaysia', 'eapro'], ['china', 'eapro']]);
    expect(fallbackCycle(parents, 'malaysia', 'china')).toBeNull();
    expect(fallbackCycle(parents, 'hq', null)).toBeNull();
    expect(fallbackCycle(parents, 'malaysia', 'malaysia')).toEqual(['malaysia', 'malaysia']);
    expect(fallbackCycle(parents, 'hq', 'malaysia')).toEqual(['hq', 'malaysia', 'eapro', 'hq']);
    expect(fallbackCycle(parents, 'eapro', 'nowhere')).toBeNull();
  });

  it('checkReorder: exactly the existing ids, once each', () => {
    expect(checkReorder(['b', 'a'], ['a', 'b'])).toEqual([]);
    expect(fields(checkReorder(['a'], ['a', 'b']))).toEqual(['ids']);
    expect(fields(checkReorder(['a', 'b', 'a'], ['a', 'b']))).toEqual(['ids.2']);
    expect(fields(checkReorder(['a', 'c'], ['a', 'b']))).toEqual(['ids.1', 'ids']);
  });
});

describe('bad input: the database backstop maps to 422', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('overlapping holidays written past the checks hit the exclusion constraint (23P01), which becomes a 422 on holidays', async () => {
    const office = await tdb.db
      .insertInto('offices')
      .values({ code: 'backstop', name: 'B', city: 'C', time_zone: 'UTC', kind: 'country', email: 'b@example.org' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tdb.db.insertInto('office_holidays').values({ office_id: office.id, starts_on: '2027-01-01', ends_on: '2027-01-03', name: 'A' }).execute();
    const err = await tdb.db
      .insertInto('office_holidays')
      .values({ office_id: office.id, starts_on: '2027-01-03', ends_on: '2027-01-04', name: 'B' })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: '23P01', constraint: 'office_holidays_no_overlap' });
    const problem = constraintProblem(err);
    expect(problem).toBeInstanceOf(ApiError);
    expect(problem!.code).toBe('validation_failed');
    expect(problem!.errors).toEqual([{ field: 'holidays', pointer: '#/holidays', detail: 'two holidays share a date' }]);
  });

  it('a closing time before the opening time hits the check constraint (23514) → 422 on hours; other errors pass through', async () => {
    const office = await tdb.db.selectFrom('offices').select('id').where('code', '=', 'backstop').executeTakeFirstOrThrow();
    const err = await tdb.db
      .insertInto('office_hours')
      .values({ office_id: office.id, weekday: 1, opens: '17:00', closes: '09:00' })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: '23514' });
    expect(constraintProblem(err)!.errors![0]!.field).toBe('hours');
    expect(constraintProblem(new Error('boom'))).toBeNull();
    expect(constraintProblem({ code: '57P01' })).toBeNull();
  });
});

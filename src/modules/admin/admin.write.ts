import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app-env.js';
import type { DB } from '../../db/schema.js';
import { ApiError, fieldError, validationError } from '../../lib/problem.js';
import { lockDirectory } from './admin.repository.js';
import { adminErrors } from './admin.errors.js';

export type AdminDeps = Pick<AppDeps, 'db' | 'directory' | 'clock' | 'config'>;

// The checks in admin.validation.ts run first and name the field; these map
// the database's own constraints (the backstop) to the same 422 in case a
// check ever misses a case, instead of a 500.
const CONSTRAINT_FIELDS: Record<string, [field: string, detail: string]> = {
  office_holidays_no_overlap: ['holidays', 'two holidays share a date'],
  office_holidays_order: ['holidays', 'a holiday ends before it starts'],
  office_hours_order: ['hours', 'an interval closes before it opens'],
  office_hours_pk: ['hours', 'two intervals open at the same time on the same day'],
  offices_code_key: ['code', 'is already an office code'],
  offices_one_head: ['kind', 'there is already a head office'],
  office_countries_pkey: ['countries', 'a country is already covered by another office'],
};

/** A 422 for a violated integrity constraint (SQLSTATE class 23), or null for any other error. */
export function constraintProblem(err: unknown): ApiError | null {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  if (!e || typeof e.code !== 'string' || !e.code.startsWith('23')) return null;
  const known = typeof e.constraint === 'string' ? CONSTRAINT_FIELDS[e.constraint] : undefined;
  if (known) return validationError([fieldError(known[0], known[1])], adminErrors.directoryRejected);
  if (e.code === '23503') return validationError([fieldError('(body)', 'refers to something that no longer exists')], adminErrors.directoryRejected);
  return validationError([fieldError('(body)', 'conflicts with the stored directory')], adminErrors.directoryRejected);
}

/**
 * One admin write: a transaction holding the directory lock, then (after the
 * commit) this process's cache is dropped at once; other processes hear the
 * trigger's NOTIFY. Nothing is written when `fn` throws.
 */
export async function directoryWrite<T>(deps: AdminDeps, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await deps.db.transaction().execute(async (trx) => {
      await lockDirectory(trx);
      return fn(trx);
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw constraintProblem(err) ?? err;
  }
  deps.directory.invalidate();
  return result;
}

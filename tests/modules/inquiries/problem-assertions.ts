import { expect } from 'vitest';
import type { FieldError, Problem } from '../../../src/lib/problem.js';
import type { TestContext } from '../../helpers/app.js';

const PROBLEM_KEYS = ['code', 'detail', 'errors', 'requestId', 'status', 'title', 'type'];
// What a leaked stack trace, source path or SQL would look like in a response body.
const LEAK = /\n\s*at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\bstack\b|\bselect\b.*\bfrom\b|\binsert into\b|graphile_worker/i;

/**
 * Asserts an RFC 9457 problem: status, content type, the documented shape, no
 * stack trace. With `fields`, the per-field errors must name exactly those fields.
 */
export async function expectProblem(
  res: Response,
  status: number,
  code: string,
  fields?: string[],
): Promise<Problem & { errors?: FieldError[] }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  const body = JSON.parse(text) as Problem;
  expect(PROBLEM_KEYS).toEqual(expect.arrayContaining(Object.keys(body)));
  expect(body.type).toBe(`https://pressdesk.example.org/problems/${code.replaceAll('_', '-')}`);
  expect(body.title).toEqual(expect.any(String));
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  expect(body.detail).toEqual(expect.any(String));
  expect(body.detail.length).toBeGreaterThan(0);
  expect(text).not.toMatch(LEAK);
  // The id a client quotes is the one in the header and in the body.
  expect(res.headers.get('x-request-id')).toEqual(expect.any(String));
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  if (fields) {
    expect(Array.isArray(body.errors), text).toBe(true);
    for (const e of body.errors!) {
      expect(Object.keys(e).sort()).toEqual(['detail', 'field', 'pointer']);
      // A JSON Pointer (RFC 6901) to the field; `#` is the whole body. Exotic names are checked by their own tests.
      if (e.field === '(body)') expect(e.pointer).toBe('#');
      else if (/^[\w-]+$/.test(e.field)) expect(e.pointer).toBe(`#/${e.field}`);
      else expect(e.pointer).toMatch(/^#\//);
      expect(e.detail.length).toBeGreaterThan(0);
    }
    expect([...new Set(body.errors!.map((e) => e.field))].sort()).toEqual([...fields].sort());
  } else if (status !== 422) {
    expect(body.errors).toBeUndefined();
  }
  return body;
}

/** Runs `act` and asserts that no inquiry, event, email, job or idempotency row appeared. */
export async function expectNothingStored<T>(t: TestContext, act: () => Promise<T>): Promise<T> {
  const before = await t.counts();
  const out = await act();
  expect(await t.counts()).toEqual(before);
  return out;
}

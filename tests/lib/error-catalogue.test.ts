import { describe, expect, it } from 'vitest';
import { problemResponses } from '../../src/lib/openapi.js';
import { ApiError, defineErrors, errorCodes, fieldError, problemBody, validationError } from '../../src/lib/problem.js';

const sample = defineErrors({
  stale: { id: 'sample.stale', code: 'conflict', description: 'It changed meanwhile.' },
  taken: { id: 'sample.taken', code: 'conflict', description: 'The name is taken.', detail: 'That name is taken.' },
  refused: { id: 'sample.refused', code: 'validation_failed', description: 'The sample refuses these fields.' },
});

describe('a feature catalogue (defineErrors)', () => {
  it("takes status and title from the generic code, and throws an ApiError carrying the entry's id", () => {
    expect(sample.stale).toMatchObject({ id: 'sample.stale', code: 'conflict', status: 409, title: errorCodes.conflict.title });
    const err = sample.taken.error(undefined, { headers: { 'Retry-After': '5' } });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', message: 'That name is taken.', id: 'sample.taken', headers: { 'Retry-After': '5' } });
    expect(sample.stale.error('Version 3 now.').message).toBe('Version 3 now.');
  });

  it('tells its errors apart by id, not by their shared code or their words', () => {
    const taken = sample.taken.error();
    expect(sample.taken.is(taken)).toBe(true);
    expect(sample.stale.is(taken)).toBe(false);
    expect(sample.taken.is(new ApiError('conflict', 'That name is taken.'))).toBe(false);
    expect(sample.refused.is(validationError([fieldError('name', 'is odd')], sample.refused))).toBe(true);
  });

  it("keeps the body's shape: no id, and a field error's rule is never sent", () => {
    const err = validationError([{ ...fieldError('deadline', 'must be in the future'), rule: 'deadline_past' }], sample.refused);
    const body = problemBody(err.code, err.message, err.errors);
    expect(body).toEqual({
      type: 'https://pressdesk.example.org/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      detail: 'deadline: must be in the future',
      code: 'validation_failed',
      errors: [{ field: 'deadline', pointer: '#/deadline', detail: 'must be in the future' }],
    });
  });
});

describe('problemResponses', () => {
  it('documents each status once, listing every named error given for it with an example body', () => {
    const responses = problemResponses(400, sample.stale, sample.taken, 422, sample.refused) as Record<
      string,
      { description: string; content: { 'application/problem+json': { examples?: Record<string, { value: unknown }> } } }
    >;
    expect(Object.keys(responses).sort()).toEqual(['400', '409', '422']);
    const conflict = responses['409']!;
    expect(Object.keys(conflict.content['application/problem+json'].examples!)).toEqual(['sample.stale', 'sample.taken']);
    expect(conflict.description).toContain('`sample.stale`: It changed meanwhile.');
    expect(conflict.content['application/problem+json'].examples!['sample.taken']!.value).toEqual(problemBody('conflict', 'That name is taken.'));
    // A bare status stands for the plumbing's error at that status, beside the feature's own.
    expect(Object.keys(responses['422']!.content['application/problem+json'].examples!)).toEqual(['request.invalid_fields', 'sample.refused']);
    expect(Object.keys(responses['400']!.content['application/problem+json'].examples!)).toEqual(['request.malformed_json']);
  });

  it('keeps a generic wording for a bare status the plumbing does not answer', () => {
    const responses = problemResponses(404) as Record<string, { description: string; content: Record<string, { examples?: unknown }> }>;
    expect(responses['404']!.description).toBe('Not found');
    expect(responses['404']!.content['application/problem+json']!.examples).toBeUndefined();
  });
});

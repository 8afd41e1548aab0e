import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { problemBody, validationError, zodToFieldErrors } from './problem.js';

/** Every router shares one validation hook: a 422 problem with per-field errors. The caller names its env. */
export function createRouter<E extends Env>() {
  return new OpenAPIHono<E>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) throw validationError(zodToFieldErrors(result.error as z.ZodError));
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z
      .array(z.object({ field: z.string(), pointer: z.string(), detail: z.string() }))
      .optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  const titles: Record<number, string> = {
    400: 'Unparseable body',
    404: 'Not found',
    409: 'Idempotency-Key reused with a different body',
    413: 'Body too large',
    415: 'Not JSON',
    422: 'Invalid fields',
    429: 'Rate limited',
    503: 'Temporarily unavailable',
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: titles[s] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  ) as { [K in S[number]]: { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } } };
}

export { problemBody };

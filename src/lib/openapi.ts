import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { problemBody, validationError, zodToFieldErrors, type NamedError, type Problem } from './problem.js';
import { requestErrors } from './request.errors.js';

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

type Documented = number | NamedError;
type StatusOf<X> = X extends NamedError ? X['status'] : X extends number ? X : never;
interface ProblemExample {
  summary: string;
  value: Problem;
}
interface ProblemResponse {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemSchema; examples?: Record<string, ProblemExample> } };
}

// A bare status stands for what the plumbing answers with it (request.errors.ts), or for its old wording.
const PLUMBING: Partial<Record<number, NamedError>> = {
  400: requestErrors.malformedJson,
  413: requestErrors.bodyTooLarge,
  415: requestErrors.notJson,
  422: requestErrors.invalidFields,
  503: requestErrors.unavailable,
};
const GENERIC: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'Rate limited',
};

/**
 * The problem responses of a route: each status it can answer, given bare (the
 * plumbing's error at that status) or as named errors from the features' catalogues.
 * Every named error is listed in its status's description and as an example, keyed
 * by its id, so /openapi.json says which errors a route returns and what they mean.
 */
export function problemResponses<const S extends readonly Documented[]>(...items: S) {
  const byStatus = new Map<number, NamedError[]>();
  const bare = new Set<number>();
  for (const item of items) {
    const status = typeof item === 'number' ? item : item.status;
    const named = typeof item === 'number' ? PLUMBING[item] : item;
    if (typeof item === 'number' && !named) bare.add(status);
    const list = byStatus.get(status) ?? [];
    if (named && !list.includes(named)) list.push(named);
    byStatus.set(status, list);
  }
  const responses = [...byStatus].map(([status, named]): [number, ProblemResponse] => {
    const lines = [...(bare.has(status) || !named.length ? [GENERIC[status] ?? 'Error'] : []), ...named.map((e) => `\`${e.id}\`: ${e.description}`)];
    const examples = Object.fromEntries(named.map((e) => [e.id, { summary: e.description, value: problemBody(e.code, e.detail) }]));
    return [
      status,
      {
        description: lines.join('\n\n'),
        content: { 'application/problem+json': { schema: ProblemSchema, ...(named.length ? { examples } : {}) } },
      },
    ];
  });
  return Object.fromEntries(responses) as { [K in StatusOf<S[number]>]: ProblemResponse };
}

export { problemBody };

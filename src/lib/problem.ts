import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/**
 * One error shape for the whole API: RFC 9457 problem+json. Handlers throw
 * ApiError; onError and the validation hook turn everything into a problem.
 */
export const errorCodes = {
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  validation_failed: { status: 422, title: 'Validation failed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  field: string;
  pointer: string;
  detail: string;
  /**
   * A stable name for the check that failed (`deadline_past`), for a page that words
   * it in its own language; never sent (the API's field errors are field, pointer, detail).
   */
  rule?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** The feature's named error (`desk.version_conflict`) when it came from a catalogue; for logs and callers, not the wire. */
    readonly id?: string,
  ) {
    super(detail);
  }
}

/**
 * One error a feature answers with, from its `*.errors.ts` catalogue: a dotted id that
 * says what went wrong, sent as one of the generic codes above (so the body keeps its
 * shape), and a description for the OpenAPI responses of the routes that return it.
 */
export interface NamedError<C extends ErrorCode = ErrorCode> {
  readonly id: string;
  readonly code: C;
  readonly status: (typeof errorCodes)[C]['status'];
  readonly title: string;
  readonly description: string;
  /** The detail when the caller gives none; also the OpenAPI example's. */
  readonly detail: string;
  /** The ApiError to throw: this detail (else the catalogue's), field errors and headers as the route needs. */
  error(detail?: string, extra?: { errors?: FieldError[]; headers?: Record<string, string> }): ApiError;
  /** Whether `err` is this error, by its id: a caller branches on what happened, never on the words. */
  is(err: unknown): err is ApiError;
}

interface NamedErrorSpec {
  id: string;
  code: ErrorCode;
  description: string;
  detail?: string;
}

/** A feature's catalogue: `defineErrors({ versionConflict: { id: 'desk.version_conflict', code: 'conflict', ... } })`. */
export function defineErrors<const T extends Record<string, NamedErrorSpec>>(specs: T): { readonly [K in keyof T]: NamedError<T[K]['code']> } {
  const entries = Object.entries(specs).map(([key, spec]) => {
    const { status, title } = errorCodes[spec.code];
    const fallback = spec.detail ?? spec.description;
    const named: NamedError = {
      id: spec.id,
      code: spec.code,
      status,
      title,
      description: spec.description,
      detail: fallback,
      error: (detail, extra) => new ApiError(spec.code, detail ?? fallback, extra?.errors, extra?.headers, spec.id),
      is: (err): err is ApiError => err instanceof ApiError && err.id === spec.id,
    };
    return [key, named];
  });
  return Object.fromEntries(entries) as { readonly [K in keyof T]: NamedError<T[K]['code']> };
}

/** RFC 6901 JSON Pointer in URI-fragment form; `#` alone is the whole body. */
function jsonPointer(path: readonly PropertyKey[]): string {
  return ['#', ...path.map((p) => encodeURIComponent(String(p).replaceAll('~', '~0').replaceAll('/', '~1')))].join('/');
}

export function fieldError(field: string, detail: string, path: readonly PropertyKey[] = field.split('.')): FieldError {
  return { field, pointer: jsonPointer(path), detail };
}

/** A 422 naming each field; `named` is the feature's error when its own checks (not the schema) refused them. */
export function validationError(errors: FieldError[], named?: NamedError<'validation_failed'>): ApiError {
  const detail = errors.length === 1 ? `${errors[0]!.field}: ${errors[0]!.detail}` : `${errors.length} fields are invalid`;
  return new ApiError('validation_failed', detail, errors, undefined, named?.id ?? 'request.invalid_fields');
}

export function zodToFieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(fieldError([...issue.path, key].join('.'), 'is not a known field', [...issue.path, key]));
    } else {
      out.push(fieldError(issue.path.join('.') || '(body)', issue.message, issue.path));
    }
  }
  return out;
}

export function problemBody(code: ErrorCode, detail: string, errors?: FieldError[], requestId?: string): Problem {
  const { status, title } = errorCodes[code];
  return {
    type: `https://pressdesk.example.org/problems/${code.replaceAll('_', '-')}`,
    title,
    status,
    detail,
    code,
    ...(errors?.length ? { errors: errors.map(({ field, pointer, detail }) => ({ field, pointer, detail })) } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function problemResponse(c: Context, err: ApiError): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body = problemBody(err.code, err.message, err.errors, requestId);
  // A bare Response drops headers set through c.header(), so the request id is carried over here.
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', ...(requestId ? { 'X-Request-Id': requestId } : {}), ...err.headers },
  });
}

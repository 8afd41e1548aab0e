import { defineErrors } from './problem.js';

/**
 * What the plumbing answers before or around any feature: the body, the address,
 * the schema check, the database being away. A route that takes a body lists the
 * ones it can meet by status (problemResponses(400, 413, 415, 422)).
 */
export const requestErrors = defineErrors({
  malformedJson: { id: 'request.malformed_json', code: 'bad_request', description: 'The body is not valid JSON.' },
  bodyTooLarge: { id: 'request.body_too_large', code: 'payload_too_large', description: 'The body is larger than the limit for this route.', detail: 'The body is too large.' },
  uriTooLong: { id: 'request.uri_too_long', code: 'uri_too_long', description: 'The path and query are longer than MAX_URL_BYTES.' },
  notJson: { id: 'request.not_json', code: 'unsupported_media_type', description: 'The body is not sent as application/json.', detail: 'Send the body as application/json.' },
  invalidFields: { id: 'request.invalid_fields', code: 'validation_failed', description: 'Fields are missing or invalid; `errors` names each one with a JSON Pointer.' },
  noSuchResource: { id: 'request.no_such_resource', code: 'not_found', description: 'No route answers this path.', detail: 'No such resource.' },
  unavailable: {
    id: 'service.unavailable',
    code: 'unavailable',
    description: 'The database is briefly unreachable; retry after Retry-After seconds.',
    detail: 'The service is briefly unavailable. Please retry shortly.',
  },
  internal: { id: 'service.internal', code: 'internal', description: 'A fault on our side; the detail quotes the request id to give us.' },
});

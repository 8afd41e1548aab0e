import { defineErrors } from '../../lib/problem.js';

/** Intake: the client's limit, a reused Idempotency-Key, and the checks the schema cannot make. */
export const inquiriesErrors = defineErrors({
  idempotencyKeyReused: {
    id: 'inquiries.idempotency_key_reused',
    code: 'conflict',
    description: 'This Idempotency-Key was already used with a different request body; the first inquiry stands.',
    detail: 'This Idempotency-Key was already used with a different request body.',
  },
  intakeLimited: {
    id: 'inquiries.intake_limited',
    code: 'rate_limited',
    description: 'Too many inquiries from this address; Retry-After says when to send again.',
  },
  intakeRejected: {
    id: 'inquiries.intake_rejected',
    code: 'validation_failed',
    description: 'Valid fields that intake still refuses: a deadline in the past, an unknown topic, an article not published; `errors` names each.',
  },
});

/** The `rule` of each intake refusal in `errors`, so the form words it without reading the English detail. */
export const INTAKE_RULES = { deadlinePast: 'deadline_past', unknownTopic: 'unknown_topic', articleNotPublished: 'article_not_published' } as const;

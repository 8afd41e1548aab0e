import { randomToken } from '../../lib/tokens.js';

// A one-time token rendered with each inquiry and follow-up form, so that a
// second post of the same form (a double click, a browser retry) replays the
// first answer instead of storing and mailing everything again. It becomes an
// Idempotency-Key of the intake use case; the space in the key keeps it apart
// from every key the API accepts (printable ASCII without spaces).

/** The hidden field that carries the token. */
export const FORM_TOKEN_FIELD = 'formToken';

const FORMAT = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, base64url (22 characters). */
export function newFormToken(): string {
  return randomToken(16);
}

/**
 * The posted token: null when there is none (a page rendered before tokens, a
 * script: such posts are accepted as before, one inquiry per post); not ok
 * when it is not one of ours.
 */
export function readFormToken(value: string): { ok: true; token: string | null } | { ok: false } {
  if (value === '') return { ok: true, token: null };
  return FORMAT.test(value) ? { ok: true, token: value } : { ok: false };
}

/** The idempotency key of an inquiry form post. */
export const inquiryFormKey = (token: string) => `form ${token}`;
/** The idempotency key of a follow-up form post. */
export const followUpFormKey = (token: string) => `follow-up ${token}`;

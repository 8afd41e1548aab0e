import { defineErrors } from '../../lib/problem.js';

/** Who may call: API tokens, the staff session and its CSRF check, sign-in throttling. */
export const authErrors = defineErrors({
  tokenRequired: {
    id: 'auth.token_required',
    code: 'unauthorized',
    description: 'No API token, or not a valid one (WWW-Authenticate: Bearer).',
    detail: 'Send a valid API token as "Authorization: Bearer <token>".',
  },
  tokenRoleRefused: { id: 'auth.token_role_refused', code: 'forbidden', description: "The token's role may not call this route." },
  signInRequired: { id: 'auth.sign_in_required', code: 'unauthorized', description: 'No staff session: sign in to the desk first.', detail: 'Sign in to the desk first.' },
  crossSite: {
    id: 'auth.cross_site',
    code: 'forbidden',
    description: 'A state change sent from another site, or as text/plain.',
    detail: 'Cross-site requests cannot change anything here.',
  },
  csrfMismatch: {
    id: 'auth.csrf_mismatch',
    code: 'forbidden',
    description: "The CSRF token (`_csrf` field or X-CSRF-Token header) is missing or not this session's.",
    detail: 'The form has expired or did not come from this site. Reload the page and try again.',
  },
  signInThrottled: {
    id: 'auth.sign_in_throttled',
    code: 'rate_limited',
    description: 'Too many sign-in attempts from this address or for this account; Retry-After says when to try again.',
  },
});

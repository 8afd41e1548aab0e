import { defineErrors } from '../../lib/problem.js';

/** The admin API's own answers, beyond the token check (auth) and the schema (422 per field). */
export const adminErrors = defineErrors({
  officeNotFound: { id: 'admin.office_not_found', code: 'not_found', description: 'No office has that code.', detail: 'No such office.' },
  ruleNotFound: { id: 'admin.rule_not_found', code: 'not_found', description: 'No routing rule has that id.', detail: 'No such routing rule.' },
  directoryRejected: {
    id: 'admin.directory_rejected',
    code: 'validation_failed',
    description:
      'The change would break the directory (overlapping hours or holidays, a fallback loop, a country on two offices, a rule naming something unknown); `errors` names each field.',
  },
});

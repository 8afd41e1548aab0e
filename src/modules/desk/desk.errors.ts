import { defineErrors } from '../../lib/problem.js';

/** The officers' desk: an inquiry's actions, canned answers, the queue's and audit log's filters, settings. */
export const deskErrors = defineErrors({
  inquiryNotFound: {
    id: 'desk.inquiry_not_found',
    code: 'not_found',
    description: 'No inquiry has that id, or this staff member may not see it (the two are not told apart).',
    detail: 'No such inquiry.',
  },
  versionConflict: {
    id: 'desk.version_conflict',
    code: 'conflict',
    description: 'The inquiry changed since the version sent (`version`); the detail says what changed. Reload and act again.',
  },
  claimRefused: { id: 'desk.claim_refused', code: 'forbidden', description: 'Only officers of the inquiry’s office can claim it.', detail: 'Only officers of this office can claim it.' },
  alreadyAssigned: { id: 'desk.already_assigned', code: 'conflict', description: 'The inquiry is assigned to a colleague; a lead of the office can reassign it.' },
  assignRefused: {
    id: 'desk.assign_refused',
    code: 'forbidden',
    description: 'Only a lead of the office (or an admin) can assign inquiries.',
    detail: 'Only a lead of the office can assign inquiries; you can claim it yourself.',
  },
  officeNotFound: { id: 'desk.office_not_found', code: 'not_found', description: 'No office has that id.', detail: 'No such office.' },
  cannedRefused: {
    id: 'desk.canned_refused',
    code: 'forbidden',
    description: "Only the office's leads (or an admin) can edit its canned answers.",
    detail: "Only the office's leads can edit its canned answers.",
  },
  cannedNotFound: { id: 'desk.canned_not_found', code: 'not_found', description: 'No canned answer has that id.', detail: 'No such canned answer.' },
  unknownSort: { id: 'desk.unknown_sort', code: 'bad_request', description: 'The queue’s `sort` names no sort key.' },
  badAuditFilter: { id: 'desk.bad_audit_filter', code: 'bad_request', description: 'The audit log’s action or `before` filter is malformed.' },
  attachmentNotFound: {
    id: 'desk.attachment_not_found',
    code: 'not_found',
    description: 'No file has that id, or it belongs to an inquiry this staff member may not see (the two are not told apart).',
    detail: 'No such attachment.',
  },
  notifyChoice: {
    id: 'desk.notify_choice',
    code: 'validation_failed',
    description: 'Notifications must be `immediate` or `digest`.',
    detail: 'Choose how notifications should reach you.',
  },
});

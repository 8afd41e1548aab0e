// Public API of the email templates.

export type { AcknowledgementData, EscalationData, Lang, NewInquiryData, RenderedEmail } from './types.js';
export { renderAcknowledgement } from './acknowledgement.js';
export { renderNewInquiry } from './new-inquiry.js';
export { renderEscalation } from './escalation.js';

// What other parts use of email in: the pipeline (both ways in), the listener, and the quarantine's use cases.
export { isKnownRecipient, receiveMessage, type Envelope, type InboundDeps, type Received } from './inbound.usecases.js';
export { startInboundSmtp, type InboundSmtp } from './inbound.smtp.js';
export { dropQuarantined, listQuarantine, rawMessage, releaseQuarantined, type QuarantineActor, type QuarantinedMessage, type QuarantineOutcome } from './quarantine.usecases.js';

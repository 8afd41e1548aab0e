import { defineErrors } from '../../lib/problem.js';

/** Email in: the provider webhook and the quarantine's release and drop. */
export const inboundErrors = defineErrors({
  webhookOff: {
    id: 'inbound.webhook_off',
    code: 'not_found',
    description: 'INBOUND_TOKEN is not set, so the webhook is not there (mail comes in over SMTP only).',
    detail: 'No route here.',
  },
  badToken: {
    id: 'inbound.bad_token',
    code: 'unauthorized',
    description: 'The `Authorization: Bearer` token is missing or is not INBOUND_TOKEN.',
    detail: 'The inbound token is missing or wrong.',
  },
  notRawMessage: {
    id: 'inbound.not_raw_message',
    code: 'unsupported_media_type',
    description: 'The body must be the raw RFC 5322 message, sent as message/rfc822.',
    detail: 'Send the raw message with Content-Type: message/rfc822.',
  },
  messageTooLarge: { id: 'inbound.message_too_large', code: 'payload_too_large', description: 'The message is larger than INBOUND_MAX_BYTES.' },
  emptyMessage: { id: 'inbound.empty_message', code: 'bad_request', description: 'The body is empty.', detail: 'The body is empty; send the raw message.' },
  heldMessageNotFound: {
    id: 'inbound.held_message_not_found',
    code: 'not_found',
    description: 'No held message has that id, or this staff member may not see it (the two are not told apart).',
    detail: 'No such held message.',
  },
  notHeld: {
    id: 'inbound.not_held',
    code: 'conflict',
    description: 'The message is no longer held: someone released or dropped it.',
    detail: 'This message is no longer held (someone released or dropped it).',
  },
  noThread: {
    id: 'inbound.no_thread',
    code: 'conflict',
    description: 'The message matched no inquiry, so it cannot be released into a thread; drop it instead.',
    detail: 'This message matched no inquiry, so there is no thread to release it into; drop it.',
  },
});

// Public API of the email templates.

export type { AcknowledgementData, EscalationData, Lang, NewInquiryData, RenderedEmail } from './types.js';
export { renderAcknowledgement } from './acknowledgement.js';
export { renderNewInquiry } from './new-inquiry.js';
export { renderEscalation } from './escalation.js';
export type { DeskNoticeData, DigestData, ReplyData } from './types.js';
export { renderReply } from './reply.js';
export { renderDeskNotice } from './desk-notice.js';
export { renderDigest } from './digest.js';
export { renderSignInLink, type SignInLinkData } from './sign-in-link.js';
export { renderSharedArticle, type SharedArticleData } from './shared-article.js';
export type { HoldingNoteData } from './types.js';
export { renderHoldingNote } from './holding-note.js';
export { deferredSubject, renderDeferred, type DeferredEmail } from './deferred.js';

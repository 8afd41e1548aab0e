// Emails whose body the worker renders when it sends them, not the request that
// queued them: the outbox row keeps the subject (cheap, shown in the desk at
// once) and the template's name and data, and the job renders the rest in the
// recipient's language. A breaking story then costs intake a row, not a render.

import { acknowledgementSubject, renderAcknowledgement } from './acknowledgement.js';
import { newInquirySubject, renderNewInquiry } from './new-inquiry.js';
import type { AcknowledgementData, Lang, NewInquiryData, RenderedEmail } from './types.js';

export type DeferredEmail =
  | { template: 'acknowledgement'; lang: Lang; data: AcknowledgementData }
  | { template: 'new_inquiry'; data: NewInquiryData };

export function deferredSubject(email: DeferredEmail): string {
  return email.template === 'acknowledgement' ? acknowledgementSubject(email.data, email.lang) : newInquirySubject(email.data);
}

/** The data's dates come back from JSON as ISO strings. */
function revived<T extends { dueAt: Date; deadline: Date | null }>(data: T): T {
  const raw = data as unknown as { dueAt: string | Date; deadline: string | Date | null };
  return { ...data, dueAt: new Date(raw.dueAt), deadline: raw.deadline === null ? null : new Date(raw.deadline) };
}

/** Renders a deferred email as stored in the outbox (its JSON form). */
export function renderDeferred(stored: unknown): RenderedEmail {
  const email = stored as DeferredEmail;
  switch (email?.template) {
    case 'acknowledgement':
      return renderAcknowledgement(revived(email.data), email.lang);
    case 'new_inquiry':
      return renderNewInquiry(revived(email.data));
    default:
      throw new Error(`not a template rendered at send time: ${JSON.stringify((stored as { template?: unknown })?.template)}`);
  }
}

import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { deliverSignInLink, SEND_SIGN_IN_LINK_TASK, type LinkDeps } from './signin.usecases.js';

export { SEND_SIGN_IN_LINK_TASK };

const payloadSchema = z.object({ email: z.string().max(254), clientHash: z.string().max(64), firstFromClient: z.boolean() });

/** Looks up the address and, for an active account, creates and emails the link (the request only enqueued this). */
export function sendSignInLinkTask(deps: LinkDeps): Task {
  return async (payload) => {
    await deliverSignInLink(deps, payloadSchema.parse(payload));
  };
}

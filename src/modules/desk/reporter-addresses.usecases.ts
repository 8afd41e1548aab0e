import { fieldError, validationError } from '../../lib/problem.js';
import { act, type ActionDeps, type Actor } from './actions.usecases.js';
import { countReporterAddresses, deleteReporterAddress, insertReporterAddress } from './reporter-addresses.repository.js';

// Who else may write on the reporter's side by email. Letting an address in
// lets it into the thread (and its words onto the reporter's status page), so
// each change is an action like any other: version checked, in the history,
// audited.

/** Enough for a newsroom (reporter, editor, a colleague or two); not a mailing list. */
export const MAX_REPORTER_ADDRESSES = 20;

/** `address` is already validated and lower-cased (ReporterAddressBody). */
export function addReporterAddress(deps: ActionDeps, actor: Actor, id: string, version: number, address: string) {
  return act(deps, actor, id, version, 'reporter_address_add', async (trx, inquiry, now) => {
    if (address === inquiry.email.toLowerCase()) throw validationError([fieldError('address', "is the reporter's own address, which may always write")]);
    if ((await countReporterAddresses(trx, id)) >= MAX_REPORTER_ADDRESSES) {
      throw validationError([fieldError('address', `cannot be added: an inquiry allows at most ${MAX_REPORTER_ADDRESSES} addresses besides the reporter's`)]);
    }
    if (!(await insertReporterAddress(trx, { inquiryId: id, address, addedBy: actor.staff.id, at: now }))) {
      throw validationError([fieldError('address', 'is already allowed to write on this inquiry')]);
    }
    return { event: { kind: 'reporter_address_added', data: { address } }, audit: { address } };
  });
}

export function removeReporterAddress(deps: ActionDeps, actor: Actor, id: string, version: number, address: string) {
  return act(deps, actor, id, version, 'reporter_address_remove', async (trx) => {
    if (!(await deleteReporterAddress(trx, id, address))) throw validationError([fieldError('address', 'is not on the list of this inquiry')]);
    return { event: { kind: 'reporter_address_removed', data: { address } }, audit: { address } };
  });
}

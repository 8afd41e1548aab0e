// What other features use of desk; everything else in the folder is its own business.
export { CsrfField, DeskPage } from './desk.layout.js';
export { deskTime } from './inquiry.format.js';
export { replyFromEmail, type ActionDeps, type ActionOutcome } from './actions.usecases.js';
export { mayView, visibleTo } from './access.js';

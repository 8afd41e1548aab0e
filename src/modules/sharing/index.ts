// What other features and the composition use of sharing.
export { shareSendGuards } from './share.usecases.js';
export { ShareSection } from './share.section.js';

// What other features use of inquiries; everything else in the folder is its own business.
export { OUTLET_TYPES } from './inquiries.schemas.js';
export { followOnInquiry, type FollowOnDeps } from './inquiries.follow-on.js';

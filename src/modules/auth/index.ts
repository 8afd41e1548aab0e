// What other features use of auth; everything else in the folder is its own business.
export { findTokenRole, requireRole } from './api-tokens.js';
export { loadStaff, type Staff } from './staff.js';
export { requireStaff, signedInStaff } from './staff.middleware.js';

// What other features use of routing; everything else in the folder is its own business.
export { chooseOfficer } from './choose-officer.js';
export { decide } from './decide.js';
export { isMember, lookupDirectory, officePhone } from './directory-lookup.js';
export { type DirectoryCache } from './directory.cache.js';
export { openLoads } from './directory.repository.js';
export { dueTime } from './due-time.js';
export { createOpenLoadCache, type OpenLoadCache } from './open-loads.cache.js';
export { type DirectoryOffice, type DirectoryOfficer, type DirectoryRule } from './routing.types.js';

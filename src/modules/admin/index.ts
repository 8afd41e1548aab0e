// What other features use of admin; everything else in the folder is its own business.
export { CountryCode, OfficeCode } from './admin.schemas.js';

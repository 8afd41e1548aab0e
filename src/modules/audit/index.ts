// The audit log's writer and its reader; the admin page that shows it is the desk's.
export { audit, auditLogPage, AUDIT_PAGE_SIZE, type AuditEntry } from './audit.js';

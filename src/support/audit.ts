/** The audit log lives with the officers (src/officers/audit.ts); the support desk writes to it. */
export { AUDIT_COLLECTION, writeAudit, type AuditEntry } from '../officers/audit';

export { AUDIT_COLLECTION, writeAudit, type AuditEntry } from './audit';
export { CallbackDesk, type CallbackSummary, type CallbackView } from './callback-desk';
export { CallbackIntake } from './callback-intake';
export { CALLBACK_COLLECTION, callbackId, type CallbackDetails, type CallbackRecord, type ContactMethod } from './callback-request';
export { DistressDetector, type DistressKind } from './distress';
export { ForbiddenError, hasRole, type Officer, type OfficerRole } from './officer';
export { QuietList } from './quiet';
export { SupportSessions, type SupportSession } from './session';

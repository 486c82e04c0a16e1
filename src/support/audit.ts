import { randomBytes } from 'node:crypto';
import type { RecordStore } from '../stores/ports';

export const AUDIT_COLLECTION = 'audit';

/**
 * One line of the audit log: who (an officer's username, never a resident), did what, to which
 * record. Ids sort by time (`<ISO timestamp>:<random>`), so the dashboard lists them in order.
 */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target?: string;
}

/** Appends an entry. Audit entries carry no expiry: they outlive the requests they describe. */
export async function writeAudit(records: RecordStore, now: Date, entry: Omit<AuditEntry, 'at'>): Promise<void> {
  const at = now.toISOString();
  const doc: AuditEntry = entry.target === undefined ? { at, actor: entry.actor, action: entry.action } : { at, ...entry };
  // A collision of 48 random bits in the same millisecond is not a real risk, but insert (not
  // put) makes sure an entry is never overwritten.
  while (!(await records.insert(AUDIT_COLLECTION, `${at}:${randomBytes(6).toString('hex')}`, doc)));
}

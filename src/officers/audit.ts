import { randomBytes } from 'node:crypto';
import type { RecordStore } from '../stores/ports';

/** One line of the audit log: who did what, to which object. Never resident data. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target?: string;
}

export const AUDIT_COLLECTION = 'audit';

/** Appends an entry. Audit entries carry no expiry: they outlive the requests they describe. */
export async function writeAudit(records: RecordStore, now: Date, entry: Omit<AuditEntry, 'at'>): Promise<void> {
  const at = now.toISOString();
  const doc: AuditEntry = entry.target === undefined ? { at, actor: entry.actor, action: entry.action } : { at, ...entry };
  // insert (not put): an entry is never overwritten, even by a twin in the same millisecond.
  while (!(await records.insert(AUDIT_COLLECTION, `${at}:${randomBytes(6).toString('hex')}`, doc)));
}

/**
 * Append-only record of officers' logins, exports and callback-request reads, readable by
 * admins. Ids start with the ISO time, so listing by id is listing by time.
 */
export class AuditLog {
  constructor(
    private readonly records: RecordStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async write(actor: string, action: string, target?: string): Promise<void> {
    await writeAudit(this.records, this.now(), { actor, action, target });
  }

  /** Newest first. */
  async recent(limit = 200): Promise<AuditEntry[]> {
    const all = await this.records.list<AuditEntry>(AUDIT_COLLECTION);
    return all.slice(-limit).reverse().map((r) => r.doc);
  }
}

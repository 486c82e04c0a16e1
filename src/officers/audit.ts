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
    const at = this.now().toISOString();
    const entry: AuditEntry = target ? { at, actor, action, target } : { at, actor, action };
    await this.records.insert(AUDIT_COLLECTION, `${at}:${randomBytes(4).toString('hex')}`, entry);
  }

  /** Newest first. */
  async recent(limit = 200): Promise<AuditEntry[]> {
    const all = await this.records.list<AuditEntry>(AUDIT_COLLECTION);
    return all.slice(-limit).reverse().map((r) => r.doc);
  }
}

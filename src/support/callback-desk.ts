import type { Cipher } from '../privacy/crypto';
import type { RecordStore, StoredRecord } from '../stores/ports';
import { writeAudit } from './audit';
import { CALLBACK_COLLECTION, callbackAad, type CallbackDetails, type CallbackRecord } from './callback-request';
import { ForbiddenError, hasRole, type Officer } from './officer';

/** A request as the dashboard lists it: no detail of the resident, so listing needs no reading. */
export interface CallbackSummary {
  id: string;
  status: CallbackRecord['status'];
  createdAt: string;
  contactedAt?: string;
  /** When the request is deleted automatically. */
  expiresAt?: string;
}

/** A request opened by an officer with the support role (the read is in the audit log). */
export interface CallbackView extends CallbackSummary {
  details: CallbackDetails;
}

const MAX_LIST = 1000;

/**
 * The officers' side of callback requests, for the dashboard: list, read (audited), mark as
 * contacted, delete. Every function takes the officer and checks the `support` role; every call,
 * allowed or refused, is written to the audit log with the officer's username and the request id.
 */
export class CallbackDesk {
  constructor(
    private readonly records: RecordStore,
    private readonly cipher: Cipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(officer: Officer): Promise<CallbackSummary[]> {
    await this.authorize(officer, 'callback.list');
    const rows = await this.records.list<CallbackRecord>(CALLBACK_COLLECTION, { limit: MAX_LIST });
    return rows
      .filter((r) => this.live(r))
      .map((r) => summary(r))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Opens one request; undefined when it does not exist (any more). */
  async read(officer: Officer, id: string): Promise<CallbackView | undefined> {
    await this.authorize(officer, 'callback.read', id);
    const row = await this.get(id);
    if (!row) return undefined;
    return { ...summary(row), details: this.cipher.openJson<CallbackDetails>(row.doc.sealed, callbackAad(id)) };
  }

  /** True when the request was found and is now marked contacted. */
  async markContacted(officer: Officer, id: string): Promise<boolean> {
    await this.authorize(officer, 'callback.contacted', id);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.get(id);
      if (!row) return false;
      const doc: CallbackRecord = { ...row.doc, status: 'contacted', contactedAt: this.now().toISOString() };
      if (await this.records.replaceIf(CALLBACK_COLLECTION, id, row.version, doc, { expiresAt: row.expiresAt })) return true;
    }
    return false;
  }

  /** Deletes a request (for example when the resident asks an officer to). True when it existed. */
  async delete(officer: Officer, id: string): Promise<boolean> {
    await this.authorize(officer, 'callback.delete', id);
    return this.records.delete(CALLBACK_COLLECTION, id);
  }

  private async authorize(officer: Officer, action: string, target?: string): Promise<void> {
    const actor = typeof officer?.username === 'string' && officer.username ? officer.username : '(unknown)';
    if (!hasRole(officer, 'support')) {
      await writeAudit(this.records, this.now(), { actor, action: `${action}.denied`, target });
      throw new ForbiddenError(action);
    }
    await writeAudit(this.records, this.now(), { actor, action, target });
  }

  private async get(id: string): Promise<StoredRecord<CallbackRecord> | undefined> {
    const row = await this.records.get<CallbackRecord>(CALLBACK_COLLECTION, id);
    return row && this.live(row) ? row : undefined;
  }

  /** The store hides expired rows by its own clock; this also honours the injected one. */
  private live(row: StoredRecord<CallbackRecord>): boolean {
    return !row.expiresAt || row.expiresAt.getTime() > this.now().getTime();
  }
}

function summary(row: StoredRecord<CallbackRecord>): CallbackSummary {
  return {
    id: row.id,
    status: row.doc.status,
    createdAt: row.doc.createdAt,
    contactedAt: row.doc.contactedAt,
    expiresAt: row.expiresAt?.toISOString(),
  };
}

import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { RecordStore } from '../stores/ports';
import { CALLBACK_COLLECTION, callbackAad, callbackId, type CallbackDetails, type CallbackRecord } from './callback-request';

/**
 * The chat's side of callback requests: it can hand a request in and take it back, and nothing
 * else. There is deliberately no way to read, list or test for a request from here, so someone
 * holding a resident's phone can never learn from the bot whether help was asked for.
 */
export class CallbackIntake {
  constructor(
    private readonly records: RecordStore,
    private readonly cipher: Cipher,
    private readonly pseudonyms: Pseudonymizer,
    private readonly now: () => Date,
    private readonly retentionMs: number,
  ) {}

  /** Stores the request (replacing an earlier one from the same person), deleted after the retention period. */
  async submit(channel: string, userId: string, details: CallbackDetails): Promise<void> {
    const id = callbackId(this.pseudonyms, channel, userId);
    const now = this.now();
    const doc: CallbackRecord = { status: 'new', createdAt: now.toISOString(), sealed: this.cipher.sealJson(details, callbackAad(id)) };
    await this.records.put(CALLBACK_COLLECTION, id, doc, { expiresAt: new Date(now.getTime() + this.retentionMs) });
  }

  /** Deletes this person's request if there is one. Resolves the same way whether or not there was. */
  async withdraw(channel: string, userId: string): Promise<void> {
    await this.records.delete(CALLBACK_COLLECTION, callbackId(this.pseudonyms, channel, userId));
  }
}

import type { StateStore } from '../../stores/ports';
import { type ButtonMemory, emptyMemory } from './mapper';

/**
 * What the Zalo channel keeps per resident, in the StateStore: PrivateStateStore turns each key
 * (which holds the Zalo user id) into a keyed pseudonym and seals each value, and every record
 * expires on its own.
 */

/**
 * Zalo accepts consultation messages only within 7 days of the resident's last interaction
 * (channels.md §A5: "có tương tác với OA trong vòng 7 ngày"); the record lives exactly that long,
 * so its presence is the answer to "may the bot still write to this person?".
 */
export const CONSULTATION_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Long enough for the inbox to retry a turn (its backoff tops out at minutes). */
const PROGRESS_TTL_MS = 2 * 24 * 60 * 60 * 1000;

export interface LastInteraction {
  /** Epoch ms of the resident's last interaction (message, follow, chat-now). */
  at: number;
  /** Zalo's id of their last message: a reply that names it counts as a reply. */
  msgId?: string;
}

export class ZaloUserRecords {
  constructor(
    private readonly state: StateStore,
    private readonly memoryTtlMs: number,
  ) {}

  /** Seen receipts do not count: only what the resident does opens the window again. */
  async touch(userId: string, at: number, msgId?: string): Promise<void> {
    const value: LastInteraction = { at, msgId };
    await this.state.write({ [contactKey(userId)]: { ...value, eTag: '*' } }, CONSULTATION_WINDOW_MS);
  }

  async lastInteraction(userId: string): Promise<LastInteraction | undefined> {
    const items = await this.state.read([contactKey(userId)]);
    const v = items[contactKey(userId)] as LastInteraction | undefined;
    return v && typeof v.at === 'number' ? { at: v.at, msgId: v.msgId } : undefined;
  }

  async memory(userId: string): Promise<ButtonMemory> {
    const items = await this.state.read([memoryKey(userId)]);
    const v = items[memoryKey(userId)] as ButtonMemory | undefined;
    return v && Array.isArray(v.sets) ? { sets: v.sets } : emptyMemory();
  }

  async saveMemory(userId: string, memory: ButtonMemory): Promise<void> {
    await this.state.write({ [memoryKey(userId)]: { sets: memory.sets, eTag: '*' } }, this.memoryTtlMs);
  }

  /** Messages of inbox item `seq` already handed to Zalo (a re-run after a crash skips them). */
  async sentCount(seq: string): Promise<number> {
    const items = await this.state.read([progressKey(seq)]);
    const v = items[progressKey(seq)] as { n?: unknown } | undefined;
    return typeof v?.n === 'number' ? v.n : 0;
  }

  async setSentCount(seq: string, n: number): Promise<void> {
    await this.state.write({ [progressKey(seq)]: { n, eTag: '*' } }, PROGRESS_TTL_MS);
  }

  /** Unfollow: the channel's own records go with the rest of the person's state. */
  async forget(userId: string): Promise<void> {
    await this.state.delete([contactKey(userId), memoryKey(userId)]);
  }
}

export const contactKey = (userId: string) => `zalo/contact/${userId}`;
export const memoryKey = (userId: string) => `zalo/buttons/${userId}`;
const progressKey = (seq: string) => `zalo/sent/${seq}`;

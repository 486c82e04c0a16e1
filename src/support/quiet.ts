import type { StateStore } from '../stores/ports';

/**
 * People who entered the support path receive no reminders or broadcasts for a while: a message
 * about the Action Month arriving on a phone that someone else checks could start the questions
 * the person was trying to avoid. The flag lives in the StateStore, so its key is a keyed
 * pseudonym and its value sealed (PrivateStateStore), and it disappears by itself after `ttlMs`.
 *
 * @example A future broadcaster:
 *   if (await quiet.isQuiet('messenger', psid)) continue; // skip this person
 */
export class QuietList {
  constructor(
    private readonly state: StateStore,
    private readonly ttlMs: number,
  ) {}

  async markQuiet(channel: string, userId: string): Promise<void> {
    await this.state.write({ [key(channel, userId)]: { quiet: true } }, this.ttlMs);
  }

  async isQuiet(channel: string, userId: string): Promise<boolean> {
    const k = key(channel, userId);
    const items = await this.state.read([k]);
    return items[k] !== undefined;
  }

  async clear(channel: string, userId: string): Promise<void> {
    await this.state.delete([key(channel, userId)]);
  }
}

function key(channel: string, userId: string): string {
  return `support-quiet/${channel}/${userId}`;
}

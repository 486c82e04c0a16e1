import type { StateStore } from '../../stores/ports';

/**
 * How many Send API calls of a turn went out, by the inbox's `seq` (stable across re-runs).
 * A turn cut short by a crash or a failed call runs again from the start; its first `count`
 * sends are skipped, so the resident does not get the same reply twice. The mark is written
 * after each successful call: a crash between the call and the mark repeats one message rather
 * than losing one.
 */
export class SentLedger {
  constructor(
    private readonly state: StateStore,
    private readonly ttlMs = 2 * 24 * 60 * 60 * 1000,
  ) {}

  private key(seq: string): string {
    return `messenger/sent/${seq}`;
  }

  async count(seq: string): Promise<number> {
    const item = (await this.state.read([this.key(seq)]))[this.key(seq)] as { count?: number } | undefined;
    return item?.count ?? 0;
  }

  async mark(seq: string, count: number): Promise<void> {
    await this.state.write({ [this.key(seq)]: { count, eTag: '*' } }, this.ttlMs);
  }
}

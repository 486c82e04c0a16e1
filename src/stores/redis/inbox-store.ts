import type Redis from 'ioredis';
import type { EnqueueItem, InboxItem, InboxStore } from '../ports';
import { guarded, pingRedis } from './connection';
import { COMPLETE, DEAD_LETTER, ENQUEUE, LEASE, RETRY_LATER, STATS } from './inbox-scripts';

type Arg = string | number;
interface InboxCommands {
  bdInboxEnqueue(...args: Arg[]): Promise<[number, number]>;
  bdInboxLease(...args: Arg[]): Promise<Array<string | number>>;
  bdInboxComplete(...args: Arg[]): Promise<number>;
  bdInboxRetry(...args: Arg[]): Promise<number>;
  bdInboxDead(...args: Arg[]): Promise<number>;
  bdInboxStats(...args: Arg[]): Promise<[number, number, number]>;
}

const SCRIPTS: Record<keyof InboxCommands, string> = {
  bdInboxEnqueue: ENQUEUE,
  bdInboxLease: LEASE,
  bdInboxComplete: COMPLETE,
  bdInboxRetry: RETRY_LATER,
  bdInboxDead: DEAD_LETTER,
  bdInboxStats: STATS,
};

/**
 * The durable inbox on Redis, shared by every bot process: a webhook accepted by one process may
 * be run by another, one lane (one resident) is still run one event at a time and in order, and
 * a process that dies mid-turn loses its lease, so another takes the event over when it runs
 * out. Payloads arrive sealed (the Inbox seals them), lanes and event keys are pseudonyms.
 *
 * Why Lua on lists and sorted sets rather than Redis Streams: a stream's consumer group hands
 * out entries in stream order, with no notion of "one at a time per lane, the rest of the lane
 * waits", so per-resident order across processes would need a lock per lane on top. Here a lane
 * simply leaves the ready set while its head is leased. Redis must persist (AOF) for the inbox
 * to be durable: see the README's cluster section.
 */
export class RedisInboxStore implements InboxStore {
  private readonly redis: Redis & InboxCommands;
  private readonly keys: string[];

  constructor(
    client: Redis,
    private readonly prefix: string,
    private readonly label = 'redis',
  ) {
    const c = client as Redis & Partial<InboxCommands>;
    if (!c.bdInboxEnqueue) {
      for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: 5, lua });
    }
    this.redis = client as Redis & InboxCommands;
    this.keys = ['seq', 'ready', 'leased', 'dead', 'queued'].map((k) => `${prefix}${k}`);
  }

  async enqueue(items: EnqueueItem[], dedupeTtlMs: number): Promise<{ accepted: number; duplicates: number }> {
    if (items.length === 0) return { accepted: 0, duplicates: 0 };
    const args = items.flatMap((i) => [i.channel, i.eventKey, i.lane, i.payload]);
    const [accepted, duplicates] = await guarded(this.label, () =>
      this.redis.bdInboxEnqueue(...this.keys, this.prefix, Math.max(1, Math.round(dedupeTtlMs)), ...args),
    );
    return { accepted, duplicates };
  }

  async lease(worker: string, leaseMs: number, limit: number): Promise<InboxItem[]> {
    if (limit <= 0) return [];
    const flat = await guarded(this.label, () => this.redis.bdInboxLease(...this.keys, this.prefix, Math.round(leaseMs), limit, worker));
    const items: InboxItem[] = [];
    for (let i = 0; i + 4 < flat.length; i += 5) {
      items.push({
        seq: String(flat[i]),
        channel: String(flat[i + 1]),
        lane: String(flat[i + 2]),
        payload: String(flat[i + 3]),
        attempts: Number(flat[i + 4]),
      });
    }
    return items;
  }

  async complete(seq: string, worker: string): Promise<void> {
    await guarded(this.label, () => this.redis.bdInboxComplete(...this.keys, this.prefix, seq, worker));
  }

  async retryLater(seq: string, worker: string, delayMs: number): Promise<void> {
    await guarded(this.label, () => this.redis.bdInboxRetry(...this.keys, this.prefix, seq, worker, Math.max(0, Math.round(delayMs))));
  }

  async deadLetter(seq: string, worker: string, expiresAt: Date): Promise<void> {
    await guarded(this.label, () => this.redis.bdInboxDead(...this.keys, this.prefix, seq, worker, expiresAt.getTime()));
  }

  async stats(): Promise<{ pending: number; leased: number; dead: number }> {
    const [pending, leased, dead] = await guarded(this.label, () => this.redis.bdInboxStats(...this.keys, this.prefix));
    return { pending, leased, dead };
  }

  ping(): Promise<void> {
    return pingRedis(this.redis, this.label);
  }

  async close(): Promise<void> {
    // The connection is shared with the state store and closed by its owner.
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { InboxItem, InboxStore } from '../stores/ports';

/** One platform event, as a channel's webhook hands it over after verifying it. */
export interface IncomingEvent {
  /** The platform's id for this event (message id, or a stable id built from the event). */
  eventId: string;
  /** The platform user it concerns: events of one user run one at a time, in order. */
  userId: string;
  /** The verified event, as the channel will want it back. Sealed at rest. */
  event: unknown;
}

export interface InboxTurnMeta {
  /** Stable across retries of the same event: channels use it to avoid sending a reply twice. */
  seq: string;
  attempt: number;
}

export type InboxHandler = (event: unknown, meta: InboxTurnMeta) => Promise<void>;

export interface InboxOptions {
  /** How long a worker owns an item before another may take it (a crashed worker's items). */
  leaseMs: number;
  /** Items processed at once (different users). */
  concurrency: number;
  maxAttempts: number;
  /** How often to look for work when idle (new work also wakes the worker at once). */
  pollMs: number;
  /** How long an event id is remembered, so a redelivery is recognised. */
  dedupeTtlMs: number;
  /** How long a failed event is kept (sealed) for an operator before deletion. */
  deadLetterRetentionMs: number;
}

export const DEFAULT_INBOX_OPTIONS: InboxOptions = {
  leaseMs: 120_000,
  concurrency: 16,
  maxAttempts: 6,
  pollMs: 1_000,
  dedupeTtlMs: 3 * 24 * 60 * 60 * 1000,
  deadLetterRetentionMs: 7 * 24 * 60 * 60 * 1000,
};

/**
 * The durable inbox shared by every channel. A webhook calls `accept` and answers 200 once it
 * resolves: the events are then on disk (or in Redis), so a slow platform API can never make a
 * webhook time out, and a crash loses nothing. The worker runs turns in order per user and in
 * parallel across users, retries failures with backoff, and sets aside what keeps failing.
 *
 * Items hold message text and platform ids, so the user becomes a keyed pseudonym (the lane),
 * the event id a keyed pseudonym (for deduplication), and the event itself is sealed.
 */
export class Inbox {
  private readonly handlers = new Map<string, InboxHandler>();
  private readonly worker = `w-${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  /** Seqs this process is running: a lease that ran out mid-turn must not start the turn twice. */
  private readonly inFlightSeqs = new Set<string>();
  private running = false;
  private loop?: Promise<void>;
  private woken = false;
  private resolveSleep?: () => void;

  constructor(
    private readonly store: InboxStore,
    private readonly pseudonyms: Pseudonymizer,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly options: InboxOptions = DEFAULT_INBOX_OPTIONS,
  ) {}

  register(channel: string, handler: InboxHandler): void {
    this.handlers.set(channel, handler);
  }

  /** Persists verified events; resolves once they are stored. Redeliveries count as duplicates. */
  async accept(channel: string, events: IncomingEvent[]): Promise<{ accepted: number; duplicates: number }> {
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    const result = await this.store.enqueue(
      events.map((e) => ({
        channel,
        eventKey: this.pseudonyms.pseudonym('inbox-event', `${channel}:${e.eventId}`),
        lane: this.pseudonyms.pseudonym('inbox-lane', `${channel}:${e.userId}`),
        payload: this.cipher.sealJson(e.event, `inbox:${channel}`),
      })),
      this.options.dedupeTtlMs,
    );
    if (result.accepted > 0) this.wake();
    return result;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking new work and waits for the turns in flight (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves when nothing is waiting or running (tests and benchmarks). */
  async drained(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.store.stats();
      if (s.pending === 0 && s.leased === 0 && this.inFlight.size === 0) return;
      if (Date.now() > until) throw new Error(`inbox not drained after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      let items: InboxItem[] = [];
      if (free > 0) {
        try {
          items = await this.store.lease(this.worker, this.options.leaseMs, free);
        } catch (err) {
          this.logger.error({ err }, 'inbox: could not lease work');
        }
      }
      for (const item of items) {
        // Leased again because its lease ran out while its turn is still running here (a slow
        // platform API): the new lease extends ours; running it twice would answer twice.
        if (this.inFlightSeqs.has(item.seq)) continue;
        this.inFlightSeqs.add(item.seq);
        const p = this.process(item).finally(() => {
          this.inFlightSeqs.delete(item.seq);
          this.inFlight.delete(p);
          this.wake();
        });
        this.inFlight.add(p);
      }
      if (items.length === 0 || free <= items.length) await this.sleep();
    }
  }

  /** New work or a finished turn wakes the loop at once; otherwise it polls. */
  private wake(): void {
    this.woken = true;
    this.resolveSleep?.();
  }

  private sleep(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.resolveSleep?.(), this.options.pollMs);
      this.resolveSleep = () => {
        clearTimeout(timer);
        this.resolveSleep = undefined;
        this.woken = false;
        resolve();
      };
    });
  }

  private async process(item: InboxItem): Promise<void> {
    const handler = this.handlers.get(item.channel);
    try {
      if (!handler) throw Object.assign(new Error('no handler'), { safeMessage: `no handler for channel ${item.channel}` });
      const event = this.cipher.openJson(item.payload, `inbox:${item.channel}`);
      await handler(event, { seq: item.seq, attempt: item.attempts });
      await this.store.complete(item.seq, this.worker);
    } catch (err) {
      this.metrics.errors.inc({ channel: item.channel, kind: 'inbox' });
      if (item.attempts >= this.options.maxAttempts) {
        this.logger.error({ err, channel: item.channel, seq: item.seq, attempts: item.attempts }, 'inbox: giving up on an event');
        await this.store.deadLetter(item.seq, this.worker, new Date(Date.now() + this.options.deadLetterRetentionMs));
      } else {
        const delay = Math.min(2 ** item.attempts * 1000, 300_000) * (0.75 + Math.random() / 2);
        this.logger.warn({ err, channel: item.channel, seq: item.seq, attempts: item.attempts, retryInMs: Math.round(delay) }, 'inbox: turn failed, will retry');
        await this.store.retryLater(item.seq, this.worker, delay);
      }
    }
  }
}

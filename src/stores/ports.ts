import type { Storage, StoreItems } from 'botbuilder';

/**
 * Ports: what the bot needs from storage, shaped by its consumers. Every other module depends on
 * these interfaces, never on a driver. Each backend (sqlite, redis, mongo) passes the same
 * contract suite in test/contract/.
 *
 * Backends are deliberately dumb: they never see a raw platform id or a message in clear.
 * `PrivateStateStore` (private-state-store.ts) turns every key into a keyed pseudonym and seals
 * every value before it reaches a backend, so that promise is kept in one place.
 */

/** Health of a store, for /readyz. */
export interface Pingable {
  /** Resolves when the store answers; rejects with a short reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Short-lived shared state: dialog state (botbuilder `Storage`, with eTag concurrency),
 * idempotency claims, rate-limit counters and locks.
 *
 * Why botbuilder's own `Storage`: ConversationState and UserState work on it unchanged.
 * @example
 *   const claimed = await state.claim('inbox:messenger:m_123', 48 * HOUR);
 *   if (!claimed) return; // a redelivery: already accepted once
 */
export interface StateStore extends Storage, Pingable {
  /**
   * Writes items; each expires `ttlMs` after this write (default: the store's own TTL).
   * eTag rules follow botbuilder's MemoryStorage: no stored item, no eTag or `'*'` always
   * writes; a matching eTag writes; a stale eTag rejects with an eTag conflict error.
   */
  write(changes: StoreItems, ttlMs?: number): Promise<void>;
  /** True for the first caller within `ttlMs`, false for everyone after (idempotency). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim early (for example when the work it guarded failed before starting). */
  unclaim(key: string): Promise<void>;
  /** Adds one to a counter that resets `windowMs` after its first increment; returns the new count. */
  increment(key: string, windowMs: number): Promise<number>;
  /** Takes a lock for `owner` unless someone else holds an unexpired one. */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock only if `owner` still holds it. */
  releaseLock(key: string, owner: string): Promise<void>;
}

/** A stored document with its bookkeeping. */
export interface StoredRecord<T> {
  id: string;
  doc: T;
  /** Starts at 1 and grows by one on every write; used for conditional updates. */
  version: number;
  updatedAt: Date;
  expiresAt?: Date;
}

export interface RecordWriteOptions {
  /** The record is deleted after this moment (retention). */
  expiresAt?: Date;
}

/**
 * Durable documents by collection: callback requests (sealed), reminder opt-ins, quiz
 * aggregates, officer accounts, audit log, platform tokens. Collections and ids are chosen by
 * the domain modules; ids never contain raw platform ids or message text.
 *
 * @example
 *   await records.increment('quiz-stats', 'am26:r1:2026-11-30', { attempts: 1 });
 *   const tok = await records.get<ZaloTokens>('tokens', 'zalo');
 *   await records.replaceIf('tokens', 'zalo', tok.version, next); // false if another process won
 */
export interface RecordStore extends Pingable {
  get<T>(collection: string, id: string): Promise<StoredRecord<T> | undefined>;
  /** Creates or replaces. */
  put<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<void>;
  /** Creates only; false when the id already exists (a unique constraint). */
  insert<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<boolean>;
  /** Replaces only if the stored version is `expectedVersion`; false otherwise (or if absent). */
  replaceIf<T>(collection: string, id: string, expectedVersion: number, doc: T, options?: RecordWriteOptions): Promise<boolean>;
  /**
   * Atomically adds to numeric fields of a counter document (missing fields start at 0, a
   * missing document is created). Returns the document after the update.
   */
  increment(collection: string, id: string, deltas: Record<string, number>, options?: RecordWriteOptions): Promise<Record<string, number>>;
  delete(collection: string, id: string): Promise<boolean>;
  /** Records whose id starts with `prefix`, in id order. */
  list<T>(collection: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]>;
  /** Deletes records past their `expiresAt`; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}

/** One event accepted from a platform, waiting for its turn. */
export interface InboxItem {
  /** Store-assigned, increasing in acceptance order. */
  seq: string;
  channel: string;
  /** Events of one lane (one user) are processed one at a time, in order. Pseudonymous. */
  lane: string;
  /** Sealed platform event. */
  payload: string;
  attempts: number;
}

export interface EnqueueItem {
  channel: string;
  /** Pseudonymous id of the platform event (for deduplication). */
  eventKey: string;
  lane: string;
  payload: string;
}

/**
 * The durable inbox: webhooks answer as soon as their events are here, a worker runs the turns.
 * @example
 *   await inbox.enqueue([{ channel: 'messenger', eventKey, lane, payload: sealed }]);
 *   const batch = await inbox.lease('worker-1', 30_000, 8);
 */
export interface InboxStore extends Pingable {
  /** Stores new events atomically; an event whose key was seen before is counted as a duplicate. */
  enqueue(items: EnqueueItem[], dedupeTtlMs: number): Promise<{ accepted: number; duplicates: number }>;
  /**
   * Leases up to `limit` items that are due, at most one per lane and only the oldest of its lane,
   * skipping lanes with an unexpired lease. A lease that expires (a crashed worker) is taken again.
   */
  lease(worker: string, leaseMs: number, limit: number): Promise<InboxItem[]>;
  /** Done: the item is deleted. */
  complete(seq: string, worker: string): Promise<void>;
  /** Failed: the lease is dropped and the item is due again after `delayMs`. */
  retryLater(seq: string, worker: string, delayMs: number): Promise<void>;
  /** Gave up: the item leaves the queue but is kept, sealed, for an operator until `expiresAt`. */
  deadLetter(seq: string, worker: string, expiresAt: Date): Promise<void>;
  /** Counts for metrics and shutdown. */
  stats(): Promise<{ pending: number; leased: number; dead: number }>;
}

/** What a reach event is about: an article or answer, a quiz round completed, service information. */
export type ReachKind = 'knowledge' | 'quiz' | 'support-info';
export const REACH_KINDS: readonly ReachKind[] = ['knowledge', 'quiz', 'support-info'];

/** The breakdowns a report may ask for. Each is one optional field of a ReachEvent. */
export type ReachDimension = 'channel' | 'topic' | 'residentialGroup' | 'gender' | 'ageBand';
export const REACH_DIMENSIONS: readonly ReachDimension[] = ['channel', 'topic', 'residentialGroup', 'gender', 'ageBand'];

/**
 * One thing a turn delivered that counts toward reach. It never carries a raw platform id or
 * message text: `person` is a keyed pseudonym (rotated with the campaign year), the other fields
 * are short ids (`assertReachEvent` refuses anything else).
 */
export interface ReachEvent {
  kind: ReachKind;
  /** The calendar day in the area's time zone (Asia/Ho_Chi_Minh), `YYYY-MM-DD`. */
  day: string;
  channel: string;
  /** Keyed pseudonym of the resident for this campaign year. Never set on `support-info`. */
  person?: string;
  topic?: string;
  /** Optional details the resident chose in settings; absent when not chosen. */
  residentialGroup?: string;
  gender?: string;
  ageBand?: string;
}

/** Inclusive range of days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface ReachQuery extends DayRange {
  /** Events of any of these kinds count (a resident is reached by knowledge OR quiz). */
  kinds: readonly ReachKind[];
  /** Breakdowns wanted, each counted over the whole `from`..`to` range. */
  by?: readonly ReachDimension[];
  /** Sub-ranges (a time series: the weeks or months of a quarter), each counted on its own. */
  buckets?: readonly DayRange[];
}

export interface ReachTally {
  /** Distinct persons (exact, or estimated on a HyperLogLog backend; see `ReachLedger.exact`). Always 0 for support-info. */
  people: number;
  /** Events recorded. */
  events: number;
}

export interface ReachAnswer {
  total: ReachTally;
  /** One tally per `query.buckets`, in order. */
  buckets: ReachTally[];
  /**
   * Per asked dimension, one row per value seen in the range; `value: null` gathers events
   * without that field (details not chosen). Rows are in no particular order.
   */
  by: Partial<Record<ReachDimension, Array<ReachTally & { value: string | null }>>>;
}

/**
 * Anonymous reach statistics: what residents received, counted as unique persons per day and
 * dimension and merged over any range of days. Shaped so both backends answer the same query:
 * the embedded one keeps keyed-hash rows and counts exactly; the cluster one keeps HyperLogLog
 * sketches per day, kind and dimension value (PFADD, then PFCOUNT over the range's keys) and no
 * per-person rows at all.
 *
 * @example
 *   await reach.record([{ kind: 'knowledge', day: '2026-11-30', channel: 'zalo', person, topic: 'dv-basics' }]);
 *   const q4 = await reach.report({ from: '2026-10-01', to: '2026-12-31', kinds: ['knowledge', 'quiz'], by: ['topic'] });
 */
export interface ReachLedger extends Pingable {
  /** True when `people` counts are exact (per-person rows), false when estimated (HyperLogLog). */
  readonly exact: boolean;
  /** Records events atomically; throws on an event that breaks the rules of `assertReachEvent`. */
  record(events: readonly ReachEvent[]): Promise<void>;
  report(query: ReachQuery): Promise<ReachAnswer>;
  /**
   * "Delete my data": removes what is kept under these person pseudonyms. A backend without
   * per-person rows (HyperLogLog) has nothing to remove and resolves.
   */
  forget(persons: readonly string[]): Promise<void>;
}

/** The stores one deployment uses. */
export interface Stores {
  state: StateStore;
  records: RecordStore;
  inbox: InboxStore;
  reach: ReachLedger;
  /** Human-readable, for the startup log: which backend serves which port. */
  describe: Record<string, string>;
  close(): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from '../../logger';
import {
  REACH_DIMENSIONS,
  type DayRange,
  type ReachAnswer,
  type ReachDimension,
  type ReachEvent,
  type ReachKind,
  type ReachLedger,
  type ReachQuery,
  type ReachTally,
  type RecordStore,
} from '../ports';
import { assertDayRange, assertReachEvent } from '../reach-event';
import { storedPersonKey } from '../sqlite/reach-ledger';
import { guarded, pingRedis } from './connection';
import { dayField, daysOf, INCARNATION, ReachRollUps, type DaySource } from './reach-rollup';

/** A reach event with its person as the 16-byte hash the embedded ledger stores, and a count. */
export type ReachRow = Omit<ReachEvent, 'person'> & { personKey?: Buffer; events: number };

/**
 * ReachLedger on Redis: unique residents with HyperLogLog, no per-person rows anywhere.
 *
 * Per day, one hash of event counts (`<kind>|*` and `<kind>|<dimension>=<value>`, '' for a
 * detail not chosen) and one HyperLogLog per such field (PFADD of a hash of the person's
 * pseudonym), so a report over any range and breakdown is PFCOUNT over that field's keys for the
 * range's days:
 * Redis merges the sketches (0.81% standard error) and nobody's presence on a given day is
 * stored. Support information counts deliveries only, never persons.
 *
 * Redis is not the archive: ReachRollUps copies each day's counts and sketches to the
 * RecordStore (MongoDB in cluster mode) every hour, and reports read those copies for what
 * Redis no longer has, so a lost Redis loses at most the last hour, never the history.
 */
export class RedisReachLedger implements ReachLedger {
  readonly exact = false;
  private readonly rollUps: ReachRollUps;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    records: RecordStore,
    private readonly opts: { liveDays?: number; logger?: Logger; label?: string; now?: () => Date } = {},
  ) {
    this.rollUps = new ReachRollUps(redis, prefix, records, opts.label ?? 'redis');
  }

  async record(events: readonly ReachEvent[]): Promise<void> {
    events.forEach(assertReachEvent);
    await this.write(events.map((e) => ({ ...e, personKey: e.person === undefined ? undefined : storedPersonKey(e.person), events: 1 })));
  }

  /**
   * Adds rows as the embedded ledger keeps them (16-byte person hashes, an event count per row):
   * moving an embedded install's reach history into cluster mode. Persons are added to the
   * sketches as the same 16-byte hash `record` uses, so a resident counted before the move and
   * seen again after it is still one resident.
   */
  async importRows(rows: readonly ReachRow[]): Promise<void> {
    for (const r of rows) assertReachEvent({ ...r, person: r.personKey ? r.personKey.toString('base64url') : undefined });
    await this.write(rows);
  }

  private async write(rows: readonly ReachRow[]): Promise<void> {
    if (rows.length === 0) return;
    const counts = new Map<string, Map<string, number>>();
    const sketches = new Map<string, Buffer[]>();
    for (const e of rows) {
      const fields = [dayField(e.kind), ...REACH_DIMENSIONS.map((d) => dayField(e.kind, d, e[d]))];
      const dayCounts = counts.get(e.day) ?? new Map<string, number>();
      counts.set(e.day, dayCounts);
      for (const f of fields) {
        dayCounts.set(f, (dayCounts.get(f) ?? 0) + e.events);
        if (e.personKey !== undefined) {
          const key = this.rollUps.hllKey(e.day, f);
          const list = sketches.get(key) ?? [];
          list.push(e.personKey);
          sketches.set(key, list);
        }
      }
    }
    // One transaction: a batch is recorded whole or not at all. Keys live `liveDays` after
    // their last write; the day's hash is written every time, so it outlives its sketches, and
    // a sketch that expired first is read back from the roll-up (see ReachRollUps.sources).
    const ttl = (this.opts.liveDays ?? 400) * 86_400;
    const multi = this.redis.multi();
    for (const [day, fields] of counts) {
      const key = this.rollUps.countKey(day);
      multi.hsetnx(key, INCARNATION, randomUUID());
      for (const [f, n] of fields) multi.hincrby(key, f, n);
      multi.expire(key, ttl);
      multi.sadd(this.rollUps.dirtyKey, day);
    }
    for (const [key, persons] of sketches) {
      multi.pfadd(key, ...persons);
      multi.expire(key, ttl);
    }
    await guarded(this.opts.label ?? 'redis', () => multi.exec());
  }

  async report(query: ReachQuery): Promise<ReachAnswer> {
    assertDayRange(query);
    const buckets = query.buckets ?? [];
    buckets.forEach(assertDayRange);
    const kinds = [...new Set(query.kinds)];
    const by = [...new Set(query.by ?? [])];
    const days = [...new Set([query, ...buckets].flatMap((r) => daysOf(r)))].sort();
    const { sources, release } = await this.rollUps.sources(days);
    try {
      const pending: Array<{ keys: string[]; set: (people: number) => void }> = [];
      const tally = (range: DayRange, dim?: ReachDimension, value?: string | null): ReachTally => {
        const t: ReachTally = { people: 0, events: 0 };
        const keys: string[] = [];
        for (const day of daysOf(range)) {
          for (const src of sources.get(day) ?? []) {
            for (const kind of kinds) {
              const f = dayField(kind, dim, value ?? undefined);
              const n = src.counts[f] ?? 0;
              t.events += n;
              if (n > 0 && kind !== 'support-info') keys.push(...src.sketchKeys(f));
            }
          }
        }
        if (keys.length > 0) pending.push({ keys, set: (people) => (t.people = people) });
        return t;
      };
      const answer: ReachAnswer = { total: tally(query), buckets: buckets.map((b) => tally(b)), by: {} };
      for (const dim of by) {
        // The tally object itself is filled in after the PFCOUNTs, so it is extended, not copied.
        answer.by[dim] = valuesSeen(sources, daysOf(query), kinds, dim).map((value) => Object.assign(tally(query, dim, value), { value }));
      }
      if (pending.length > 0) {
        // PFCOUNT over several keys counts the union of their sketches without storing it.
        const pipe = this.redis.pipeline();
        for (const p of pending) pipe.pfcount(...p.keys);
        const results = await guarded(this.opts.label ?? 'redis', () => pipe.exec());
        pending.forEach((p, i) => {
          const [err, n] = results?.[i] ?? [new Error('no reply'), 0];
          if (err) throw err;
          p.set(Number(n));
        });
      }
      return answer;
    } finally {
      await release();
    }
  }

  /** HyperLogLog keeps nothing per person: there is nothing to remove. */
  async forget(_persons: readonly string[]): Promise<void> {}

  /** Rolls up now, then every `everyMs` (each process runs it; a lock lets one at a time work). */
  startRollUps(everyMs = 3_600_000): void {
    const tick = () =>
      void this.rollUps.run(this.opts.now?.() ?? new Date()).catch((err: unknown) => this.opts.logger?.warn({ err }, 'reach: roll-up failed, will try again'));
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    setTimeout(tick, 5_000).unref();
  }

  /** Copies every day written since the last roll-up to the RecordStore (tests, shutdown). */
  rollUp(): Promise<number> {
    return this.rollUps.run(this.opts.now?.() ?? new Date());
  }

  ping(): Promise<void> {
    return pingRedis(this.redis, this.opts.label ?? 'redis');
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}

/** The values of one dimension seen in the range (null for "not chosen"). */
function valuesSeen(sources: Map<string, DaySource[]>, days: string[], kinds: ReachKind[], dim: ReachDimension): Array<string | null> {
  const seen = new Set<string>();
  for (const day of days) {
    for (const src of sources.get(day) ?? []) {
      for (const f of Object.keys(src.counts)) {
        for (const kind of kinds) {
          const head = `${kind}|${dim}=`;
          if (f.startsWith(head) && (src.counts[f] ?? 0) > 0) seen.add(f.slice(head.length));
        }
      }
    }
  }
  return [...seen].map((v) => (v === '' ? null : v));
}

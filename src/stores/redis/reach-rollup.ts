import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { DayRange, ReachDimension, ReachKind, RecordStore } from '../ports';
import { guarded } from './connection';

/** The hash field naming one incarnation of a day's keys (a Redis that lost them starts anew). */
export const INCARNATION = '@id';
export const ROLLUP_COLLECTION = 'reach-days';

/** `<kind>|*` for every event of a kind; `<kind>|<dimension>=<value>` ('' = not chosen). */
export function dayField(kind: ReachKind, dim?: ReachDimension, value?: string): string {
  return dim ? `${kind}|${dim}=${value ?? ''}` : `${kind}|*`;
}

export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** One day's figures from one place: Redis, or a roll-up of an earlier incarnation. */
export interface DaySource {
  counts: Record<string, number>;
  /** Redis keys whose HyperLogLogs hold this source's persons for `field`. */
  sketchKeys(field: string): string[];
}

/** A day's counts and sketches as copied to the RecordStore. */
interface DayRollUp {
  day: string;
  incarnation: string;
  counts: Record<string, number>;
  /** Raw HyperLogLog strings (Redis's own format, GET/SET), base64. */
  sketches: Record<string, string>;
  at: string;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The archive of the Redis reach ledger. Every day written to is marked dirty; the roll-up
 * copies each dirty day's counts and HyperLogLog sketches to the RecordStore, one record per
 * day and incarnation. An incarnation is the life of a day's keys in Redis: if Redis loses them
 * (no persistence, a wipe), the next event starts a new incarnation, and the figures of both
 * add up (their events are disjoint; their sketches merge). Reports read Redis first and the
 * roll-ups for what Redis does not have.
 */
export class ReachRollUps {
  readonly dirtyKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly records: RecordStore,
    private readonly label: string,
  ) {
    this.dirtyKey = `${prefix}dirty`;
    this.lockKey = `${prefix}rollup-lock`;
  }

  countKey(day: string): string {
    return `${this.prefix}c:${day}`;
  }

  hllKey(day: string, field: string): string {
    return `${this.prefix}h:${day}:${field}`;
  }

  /** Rolls up every dirty day; one process at a time (the others find the lock taken). Returns the days done. */
  async run(now: Date): Promise<number> {
    const owner = randomUUID();
    const locked = await guarded(this.label, () => this.redis.set(this.lockKey, owner, 'PX', 600_000, 'NX'));
    if (locked !== 'OK') return 0;
    try {
      const days = await guarded(this.label, () => this.redis.smembers(this.dirtyKey));
      for (const day of days) {
        // Unmarked first: an event recorded meanwhile marks the day again for the next run.
        await guarded(this.label, () => this.redis.srem(this.dirtyKey, day));
        try {
          await this.rollUpDay(day, now);
        } catch (err) {
          await this.redis.sadd(this.dirtyKey, day).catch(() => undefined);
          throw err;
        }
      }
      return days.length;
    } finally {
      await this.redis.eval(RELEASE, 1, this.lockKey, owner).catch(() => undefined);
    }
  }

  private async rollUpDay(day: string, now: Date): Promise<void> {
    const raw = await guarded(this.label, () => this.redis.hgetall(this.countKey(day)));
    const incarnation = raw[INCARNATION];
    if (!incarnation) return;
    const counts: Record<string, number> = {};
    for (const [f, n] of Object.entries(raw)) if (f !== INCARNATION) counts[f] = Number(n);
    const id = `${day}:${incarnation}`;
    const existing = await this.records.get<DayRollUp>(ROLLUP_COLLECTION, id);
    // A Redis restored from an older backup must not overwrite a fuller copy with less.
    if (existing && Object.entries(existing.doc.counts).some(([f, n]) => (counts[f] ?? 0) < n)) return;
    const fields = Object.keys(counts).filter((f) => !f.startsWith('support-info|'));
    const pipe = this.redis.pipeline();
    for (const f of fields) pipe.getBuffer(this.hllKey(day, f));
    const results = (await guarded(this.label, () => pipe.exec())) ?? [];
    const sketches: Record<string, string> = {};
    fields.forEach((f, i) => {
      const value = results[i]?.[1] as Buffer | null | undefined;
      const kept = existing?.doc.sketches[f];
      if (value) sketches[f] = value.toString('base64');
      else if (kept) sketches[f] = kept; // expired in Redis before the day stopped changing
    });
    await this.records.put<DayRollUp>(ROLLUP_COLLECTION, id, { day, incarnation, counts, sketches, at: now.toISOString() });
  }

  /**
   * Where each day's figures come from. Sketches that only a roll-up has are put back into
   * temporary Redis keys for PFCOUNT; `release` deletes them.
   */
  async sources(days: string[]): Promise<{ sources: Map<string, DaySource[]>; release: () => Promise<void> }> {
    const wanted = new Set(days);
    const livePipe = this.redis.pipeline();
    for (const day of days) livePipe.hgetall(this.countKey(day));
    const liveResults = (await guarded(this.label, () => livePipe.exec())) ?? [];
    const live = new Map<string, Record<string, string>>();
    days.forEach((day, i) => {
      const h = liveResults[i]?.[1] as Record<string, string> | undefined;
      if (h && h[INCARNATION]) live.set(day, h);
    });

    const rollUps = new Map<string, DayRollUp[]>();
    for (const month of new Set(days.map((d) => d.slice(0, 7)))) {
      for (const r of await this.records.list<DayRollUp>(ROLLUP_COLLECTION, { prefix: `${month}-` })) {
        if (!wanted.has(r.doc.day)) continue;
        rollUps.set(r.doc.day, [...(rollUps.get(r.doc.day) ?? []), r.doc]);
      }
    }

    // Which live sketches still exist (a rarely written one may have expired before its day).
    const existsPipe = this.redis.pipeline();
    const probes: Array<[string, string]> = [];
    for (const [day, h] of live) {
      for (const f of Object.keys(h)) {
        if (f === INCARNATION || f.startsWith('support-info|')) continue;
        probes.push([day, f]);
        existsPipe.exists(this.hllKey(day, f));
      }
    }
    const existsResults = probes.length > 0 ? ((await guarded(this.label, () => existsPipe.exec())) ?? []) : [];
    const missing = new Set(probes.filter((_, i) => Number(existsResults[i]?.[1] ?? 0) === 0).map(([d, f]) => `${d}\u0000${f}`));

    const temp = `${this.prefix}tmp:${randomUUID()}:`;
    const restore = this.redis.pipeline();
    let restored = 0;
    const put = (sketch: string): string => {
      const key = `${temp}${restored++}`;
      restore.set(key, Buffer.from(sketch, 'base64'), 'PX', 300_000);
      return key;
    };
    const sources = new Map<string, DaySource[]>();
    for (const day of days) {
      const list: DaySource[] = [];
      const h = live.get(day);
      for (const r of rollUps.get(day) ?? []) {
        if (h && r.incarnation === h[INCARNATION]) {
          continue; // the live keys are this incarnation, fuller than its copy
        }
        const keys: Record<string, string> = {};
        for (const [f, s] of Object.entries(r.sketches)) keys[f] = put(s);
        list.push({ counts: r.counts, sketchKeys: (f) => (keys[f] ? [keys[f]] : []) });
      }
      if (h) {
        const copy = rollUps.get(day)?.find((r) => r.incarnation === h[INCARNATION]);
        const counts: Record<string, number> = {};
        const fallback: Record<string, string> = {};
        for (const [f, n] of Object.entries(h)) {
          if (f === INCARNATION) continue;
          counts[f] = Number(n);
          const kept = copy?.sketches[f];
          if (missing.has(`${day}\u0000${f}`) && kept) fallback[f] = put(kept);
        }
        list.push({
          counts,
          sketchKeys: (f) => (fallback[f] ? [fallback[f]] : missing.has(`${day}\u0000${f}`) ? [] : [this.hllKey(day, f)]),
        });
      }
      if (list.length > 0) sources.set(day, list);
    }
    if (restored > 0) await guarded(this.label, () => restore.exec());
    const release = async () => {
      if (restored === 0) return;
      const keys = Array.from({ length: restored }, (_, i) => `${temp}${i}`);
      await this.redis.del(...keys).catch(() => undefined);
    };
    return { sources, release };
  }
}

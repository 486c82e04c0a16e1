import type { DayRange, ReachAnswer, ReachDimension, ReachEvent, ReachKind, ReachLedger, ReachQuery } from '../ports';
import { assertDayRange, assertReachEvent, dayNumber } from '../reach-event';
import { createHash } from 'node:crypto';
import Database, { type Statement } from 'better-sqlite3';
import type { SqliteDb } from './database';
import { DistinctCounter } from './distinct-counter';

const KIND_IDS: Record<ReachKind, number> = { knowledge: 1, quiz: 2, 'support-info': 3 };
/** Column of each dimension in a scanned row (see `scan` below). */
const DIM_COLUMN: Record<ReachDimension, number> = { channel: 3, topic: 4, residentialGroup: 5, gender: 6, ageBand: 7 };
const NONE = 0;
/**
 * How a person key is stored: 16 bytes of its SHA-256 (128 bits: no collision among any
 * realistic number of residents), a third of the pseudonym's text.
 */
export function storedPersonKey(key: string): Buffer {
  return createHash('sha256').update(key).digest().subarray(0, 16);
}

/** Rows scanned between two yields to the event loop (about 10–20 ms of work). */
const ROWS_PER_SLICE = 20_000;

/**
 * ReachLedger on the embedded SQLite file, exact. Uniques are counted over keyed-hash rows (the
 * pseudonym changes with the campaign year, so one year's rows cannot be joined to the next).
 * A report is one pass over the range's rows, counting distinct persons with bitsets for the
 * total, each bucket and each dimension value at once. A year of a commune is a million rows:
 * the pass runs on its own read-only connection (WAL lets it read while the bot writes) and
 * yields to the event loop between slices, so an officer's report never stalls residents' turns.
 */
export class SqliteReachLedger implements ReachLedger {
  readonly exact = true;
  private readonly q;
  private readonly valueIds = new Map<string, number>();
  private valueNames = new Map<number, string>();
  private readonly scans = new Map<string, Statement<[number, number], unknown[]>>();
  private reader: SqliteDb | undefined;

  constructor(private readonly db: SqliteDb) {
    this.q = {
      person: db.prepare<[Buffer], number>('SELECT id FROM reach_people WHERE key = ?').pluck(),
      addPerson: db.prepare<[Buffer], number>('INSERT INTO reach_people (key) VALUES (?) RETURNING id').pluck(),
      value: db.prepare<[string, string], number>('SELECT id FROM reach_values WHERE dim = ? AND value = ?').pluck(),
      addValue: db.prepare('INSERT OR IGNORE INTO reach_values (dim, value) VALUES (?, ?)'),
      values: db.prepare<[], { id: number; value: string }>('SELECT id, value FROM reach_values'),
      upsert: db.prepare(
        `INSERT INTO reach (day, kind, person, channel, topic, grp, gender, age_band, events)
         VALUES (@day, @kind, @person, @channel, @topic, @grp, @gender, @ageBand, 1)
         ON CONFLICT (kind, day, person, channel, topic, grp, gender, age_band) DO UPDATE SET events = events + 1`,
      ),
      forgetRows: db.prepare('DELETE FROM reach WHERE person = ? AND person > 0'),
      forgetPerson: db.prepare('DELETE FROM reach_people WHERE id = ?'),
    };
  }

  async record(events: readonly ReachEvent[]): Promise<void> {
    events.forEach(assertReachEvent);
    this.db
      .transaction(() => {
        for (const e of events) {
          this.q.upsert.run({
            day: dayNumber(e.day),
            kind: KIND_IDS[e.kind],
            person: e.person === undefined ? NONE : this.personId(e.person),
            channel: this.valueId('channel', e.channel),
            topic: this.valueId('topic', e.topic),
            grp: this.valueId('residentialGroup', e.residentialGroup),
            gender: this.valueId('gender', e.gender),
            ageBand: this.valueId('ageBand', e.ageBand),
          });
        }
      })
      .immediate();
  }

  async report(query: ReachQuery): Promise<ReachAnswer> {
    assertDayRange(query);
    const buckets = query.buckets ?? [];
    buckets.forEach(assertDayRange);
    const by = [...new Set(query.by ?? [])];
    const range = (r: DayRange) => [dayNumber(r.from), dayNumber(r.to)] as const;
    const [from, to] = range(query);
    const lo = Math.min(from, ...buckets.map((b) => range(b)[0]));
    const hi = Math.max(to, ...buckets.map((b) => range(b)[1]));
    // For each day of the scan, which buckets it belongs to.
    const bucketsOfDay: number[][] = Array.from({ length: hi - lo + 1 }, () => []);
    buckets.forEach((b, i) => {
      const [bf, bt] = range(b);
      for (let d = bf; d <= bt; d++) bucketsOfDay[d - lo]!.push(i);
    });
    const total = new DistinctCounter();
    const bucketCounters = buckets.map(() => new DistinctCounter());
    // Value ids are small integers: a sparse array per dimension beats a Map on a million rows.
    const dimCounters = by.map(() => [] as DistinctCounter[]);
    const columns = by.map((d) => DIM_COLUMN[d]);

    const { stmt, concurrent } = this.scan(query.kinds);
    let n = 0;
    for (const row of stmt.iterate(lo, hi) as IterableIterator<number[]>) {
      if (concurrent && ++n % ROWS_PER_SLICE === 0) await new Promise((r) => setImmediate(r));
      const day = row[0]!;
      const person = row[2]!;
      const events = row[8]!;
      for (const b of bucketsOfDay[day - lo]!) bucketCounters[b]!.add(person, events);
      if (day < from || day > to) continue;
      total.add(person, events);
      for (let i = 0; i < columns.length; i++) {
        const value = row[columns[i]!]!;
        const counters = dimCounters[i]!;
        (counters[value] ??= new DistinctCounter()).add(person, events);
      }
    }
    const answer: ReachAnswer = { total: total.tally(), buckets: bucketCounters.map((c) => c.tally()), by: {} };
    by.forEach((dim, i) => {
      const rows: NonNullable<ReachAnswer['by'][ReachDimension]> = [];
      dimCounters[i]!.forEach((c, value) => rows.push({ value: this.valueName(value), ...c.tally() }));
      answer.by[dim] = rows;
    });
    return answer;
  }

  async forget(persons: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const key of persons) {
          const id = this.q.person.get(storedPersonKey(key)) as number | undefined;
          if (id === undefined) continue;
          this.q.forgetRows.run(id);
          this.q.forgetPerson.run(id);
        }
      })
      .immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Closes the report connection; the database itself is closed by its owner (createSqliteStores). */
  async close(): Promise<void> {
    if (this.reader && this.reader !== this.db && this.reader.open) this.reader.close();
    this.reader = undefined;
    this.scans.clear();
  }

  /** The scan statement, on the read-only connection when there can be one (not in memory). */
  private scan(kinds: readonly ReachKind[]): { stmt: Statement<[number, number], unknown[]>; concurrent: boolean } {
    this.reader ??= this.db.memory ? this.db : new Database(this.db.name, { readonly: true, fileMustExist: true });
    const ids = [...new Set(kinds)].map((k) => KIND_IDS[k]).sort();
    const key = ids.join(',');
    let stmt = this.scans.get(key);
    if (!stmt) {
      stmt = this.reader
        .prepare<[number, number], unknown[]>(
          `SELECT day, kind, person, channel, topic, grp, gender, age_band, events FROM reach
           WHERE kind IN (${ids.length > 0 ? key : 'NULL'}) AND day BETWEEN ? AND ?`,
        )
        .raw();
      this.scans.set(key, stmt);
    }
    return { stmt, concurrent: this.reader !== this.db };
  }

  private personId(key: string): number {
    const stored = storedPersonKey(key);
    return (this.q.person.get(stored) as number | undefined) ?? (this.q.addPerson.get(stored) as number);
  }

  private valueId(dim: ReachDimension, value: string | undefined): number {
    if (value === undefined) return NONE;
    const k = `${dim}\u0000${value}`;
    let id = this.valueIds.get(k);
    if (id === undefined) {
      this.q.addValue.run(dim, value);
      id = this.q.value.get(dim, value) as number;
      this.valueIds.set(k, id);
    }
    return id;
  }

  private valueName(id: number): string | null {
    if (id === NONE) return null;
    if (!this.valueNames.has(id)) {
      this.valueNames = new Map(this.q.values.all().map((r) => [r.id, r.value]));
    }
    return this.valueNames.get(id) ?? null;
  }
}

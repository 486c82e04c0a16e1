import type { ReachKind } from './ports';
import type { ReachRow, RedisReachLedger } from './redis/reach-ledger';
import type { SqliteDb } from './sqlite/database';
import { KIND_IDS } from './sqlite/reach-ledger';

const DAY_MS = 86_400_000;
const KIND_BY_ID = new Map<number, ReachKind>(Object.entries(KIND_IDS).map(([k, id]) => [id, k as ReachKind]));

/**
 * The embedded ledger's rows (one per day, kind, person and breakdown, with an event count), as
 * the Redis ledger imports them. Persons stay the 16-byte hashes SQLite stores: the raw
 * pseudonyms are not in the file and are not needed.
 */
export function* sqliteReachRows(db: SqliteDb): Generator<ReachRow> {
  const rows = db
    .prepare(
      `SELECT r.day, r.kind, p.key AS person, c.value AS channel, t.value AS topic, g.value AS grp,
              s.value AS gender, a.value AS age_band, r.events
       FROM reach r
       LEFT JOIN reach_people p ON p.id = r.person
       LEFT JOIN reach_values c ON c.id = r.channel
       LEFT JOIN reach_values t ON t.id = r.topic
       LEFT JOIN reach_values g ON g.id = r.grp
       LEFT JOIN reach_values s ON s.id = r.gender
       LEFT JOIN reach_values a ON a.id = r.age_band
       ORDER BY r.day`,
    )
    .iterate() as IterableIterator<{
    day: number; kind: number; person: Buffer | null; channel: string | null; topic: string | null;
    grp: string | null; gender: string | null; age_band: string | null; events: number;
  }>;
  for (const r of rows) {
    const kind = KIND_BY_ID.get(r.kind);
    if (!kind || !r.channel) continue;
    yield {
      kind,
      day: new Date(r.day * DAY_MS).toISOString().slice(0, 10),
      channel: r.channel,
      personKey: r.person ?? undefined,
      topic: r.topic ?? undefined,
      residentialGroup: r.grp ?? undefined,
      gender: r.gender ?? undefined,
      ageBand: r.age_band ?? undefined,
      events: r.events,
    };
  }
}

/** Copies the embedded reach history into the Redis ledger, then rolls it up. Returns the events moved. */
export async function importSqliteReach(db: SqliteDb, ledger: RedisReachLedger, batchSize = 2_000): Promise<number> {
  let events = 0;
  let batch: ReachRow[] = [];
  for (const row of sqliteReachRows(db)) {
    batch.push(row);
    events += row.events;
    if (batch.length >= batchSize) {
      await ledger.importRows(batch);
      batch = [];
    }
  }
  await ledger.importRows(batch);
  await ledger.rollUp();
  return events;
}

import type { RecordStore, RecordWriteOptions, StoredRecord } from '../ports';
import type { SqliteDb } from './database';

interface Row {
  id: string;
  doc: string;
  version: number;
  updated_at: number;
  expires_at: number | null;
}

function toRecord<T>(row: Row): StoredRecord<T> {
  return {
    id: row.id,
    doc: JSON.parse(row.doc) as T,
    version: row.version,
    updatedAt: new Date(row.updated_at),
    expiresAt: row.expires_at === null ? undefined : new Date(row.expires_at),
  };
}

/** RecordStore on the embedded SQLite file: one table, documents as JSON. */
export class SqliteRecordStore implements RecordStore {
  private readonly q;

  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => number = Date.now,
  ) {
    this.q = {
      get: db.prepare<[string, string, number], Row>(
        `SELECT id, doc, version, updated_at, expires_at FROM records
         WHERE collection = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)`,
      ),
      put: db.prepare(
        `INSERT INTO records (collection, id, doc, version, updated_at, expires_at)
         VALUES (@collection, @id, @doc, 1, @now, @expiresAt)
         ON CONFLICT(collection, id) DO UPDATE SET doc = excluded.doc, version = records.version + 1,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
      ),
      // An expired record counts as absent, so insert may take its place.
      insert: db.prepare(
        `INSERT INTO records (collection, id, doc, version, updated_at, expires_at)
         VALUES (@collection, @id, @doc, 1, @now, @expiresAt)
         ON CONFLICT(collection, id) DO UPDATE SET doc = excluded.doc, version = 1,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at
         WHERE records.expires_at IS NOT NULL AND records.expires_at <= @now`,
      ),
      replaceIf: db.prepare(
        `UPDATE records SET doc = @doc, version = version + 1, updated_at = @now, expires_at = @expiresAt
         WHERE collection = @collection AND id = @id AND version = @version
           AND (expires_at IS NULL OR expires_at > @now)`,
      ),
      delete: db.prepare('DELETE FROM records WHERE collection = ? AND id = ?'),
      list: db.prepare<[string, string, string, number, number], Row>(
        `SELECT id, doc, version, updated_at, expires_at FROM records
         WHERE collection = ? AND id >= ? AND id < ? AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY id LIMIT ?`,
      ),
      purge: db.prepare('DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | undefined> {
    const row = this.q.get.get(collection, id, this.now());
    return row ? toRecord<T>(row) : undefined;
  }

  async put<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<void> {
    this.q.put.run({ collection, id, doc: JSON.stringify(doc), now: this.now(), expiresAt: options?.expiresAt?.getTime() ?? null });
  }

  async insert<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<boolean> {
    const r = this.q.insert.run({
      collection, id, doc: JSON.stringify(doc), now: this.now(), expiresAt: options?.expiresAt?.getTime() ?? null,
    });
    return r.changes === 1;
  }

  async replaceIf<T>(collection: string, id: string, expectedVersion: number, doc: T, options?: RecordWriteOptions): Promise<boolean> {
    const r = this.q.replaceIf.run({
      collection, id, version: expectedVersion, doc: JSON.stringify(doc), now: this.now(),
      expiresAt: options?.expiresAt?.getTime() ?? null,
    });
    return r.changes === 1;
  }

  async increment(
    collection: string,
    id: string,
    deltas: Record<string, number>,
    options?: RecordWriteOptions,
  ): Promise<Record<string, number>> {
    // better-sqlite3 is synchronous and IMMEDIATE takes the write lock first, so the
    // read-modify-write below is atomic across threads and processes sharing the file.
    return this.db
      .transaction(() => {
        const now = this.now();
        const row = this.q.get.get(collection, id, now);
        const current = row ? (JSON.parse(row.doc) as Record<string, number>) : {};
        for (const [field, delta] of Object.entries(deltas)) current[field] = (current[field] ?? 0) + delta;
        const expiresAt = options?.expiresAt?.getTime() ?? row?.expires_at ?? null;
        if (row) this.q.put.run({ collection, id, doc: JSON.stringify(current), now, expiresAt });
        else this.q.insert.run({ collection, id, doc: JSON.stringify(current), now, expiresAt });
        return current;
      })
      .immediate();
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return this.q.delete.run(collection, id).changes === 1;
  }

  async list<T>(collection: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]> {
    const prefix = options?.prefix ?? '';
    // Every id that starts with `prefix` sorts between prefix and prefix + U+FFFF.
    const rows = this.q.list.all(collection, prefix, prefix + '\uffff', this.now(), options?.limit ?? -1);
    return rows.map((r) => toRecord<T>(r));
  }

  async purgeExpired(now = new Date()): Promise<number> {
    return this.q.purge.run(now.getTime()).changes;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {}
}

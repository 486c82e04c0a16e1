import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import type { StateStore } from '../ports';
import type { SqliteDb } from './database';
import { etagConflict } from '../etag';

/** StateStore on the embedded SQLite file. Keys and values arrive already pseudonymised and sealed. */
export class SqliteStateStore implements StateStore {
  private readonly q;

  constructor(
    private readonly db: SqliteDb,
    private readonly defaultTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.q = {
      read: db.prepare<[string, number], { value: string; etag: string }>(
        'SELECT value, etag FROM state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      readEtag: db.prepare<[string, number], { etag: string }>(
        'SELECT etag FROM state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      upsert: db.prepare(
        `INSERT INTO state (key, etag, value, expires_at) VALUES (@key, @etag, @value, @expiresAt)
         ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, expires_at = excluded.expires_at`,
      ),
      delete: db.prepare('DELETE FROM state WHERE key = ?'),
      claim: db.prepare(
        `INSERT INTO claims (key, expires_at) VALUES (@key, @expiresAt)
         ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= @now`,
      ),
      unclaim: db.prepare('DELETE FROM claims WHERE key = ?'),
      increment: db.prepare<{ key: string; expiresAt: number; now: number }, { count: number }>(
        `INSERT INTO counters (key, count, expires_at) VALUES (@key, 1, @expiresAt)
         ON CONFLICT(key) DO UPDATE SET
           count = CASE WHEN counters.expires_at <= @now THEN 1 ELSE counters.count + 1 END,
           expires_at = CASE WHEN counters.expires_at <= @now THEN excluded.expires_at ELSE counters.expires_at END
         RETURNING count`,
      ),
      lock: db.prepare(
        `INSERT INTO locks (key, owner, expires_at) VALUES (@key, @owner, @expiresAt)
         ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE locks.expires_at <= @now OR locks.owner = excluded.owner`,
      ),
      unlock: db.prepare('DELETE FROM locks WHERE key = ? AND owner = ?'),
      sweep: [
        db.prepare('DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= ?'),
        db.prepare('DELETE FROM claims WHERE expires_at <= ?'),
        db.prepare('DELETE FROM counters WHERE expires_at <= ?'),
        db.prepare('DELETE FROM locks WHERE expires_at <= ?'),
      ],
    };
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.q.read.get(key, now);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems, ttlMs = this.defaultTtlMs): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const now = this.now();
    this.db
      .transaction(() => {
        for (const [key, item] of Object.entries(changes)) {
          const { eTag, ...value } = (item ?? {}) as { eTag?: string };
          if (eTag && eTag !== '*') {
            const stored = this.q.readEtag.get(key, now);
            if (stored && stored.etag !== eTag) throw etagConflict(key);
          }
          this.q.upsert.run({ key, etag: randomUUID(), value: JSON.stringify(value), expiresAt: now + ttlMs });
        }
      })
      .immediate();
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    this.db.transaction(() => keys.forEach((k) => this.q.delete.run(k)))();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.q.claim.run({ key, expiresAt: now + ttlMs, now }).changes === 1;
  }

  async unclaim(key: string): Promise<void> {
    this.q.unclaim.run(key);
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    return this.q.increment.get({ key, expiresAt: now + windowMs, now })!.count;
  }

  async acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.q.lock.run({ key, owner, expiresAt: now + ttlMs, now }).changes === 1;
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    this.q.unlock.run(key, owner);
  }

  /** Removes expired rows (secure_delete overwrites them on disk). */
  sweep(): number {
    const now = this.now();
    return this.db.transaction(() => this.q.sweep.reduce((n, s) => n + s.run(now).changes, 0))();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // The database is shared and closed by its owner (createSqliteStores).
  }
}

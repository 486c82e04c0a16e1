import path from 'node:path';
import type { Stores } from '../ports';
import { openSqlite } from './database';
import { SqliteInboxStore } from './inbox-store';
import { SqliteReachLedger } from './reach-ledger';
import { SqliteRecordStore } from './record-store';
import { SqliteStateStore } from './state-store';

export { SqliteInboxStore, SqliteReachLedger, SqliteRecordStore, SqliteStateStore, openSqlite };

export const SQLITE_FILE = 'binhdang.db';

/** All four ports on one embedded SQLite file, with a periodic sweep of expired rows. */
export function createSqliteStores(dataDir: string, opts: { stateTtlMs: number; sweepEveryMs?: number }): Stores {
  const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, SQLITE_FILE);
  const db = openSqlite(file);
  const state = new SqliteStateStore(db, opts.stateTtlMs);
  const records = new SqliteRecordStore(db);
  const inbox = new SqliteInboxStore(db);
  const reach = new SqliteReachLedger(db);
  const sweep = () => {
    state.sweep();
    inbox.purgeDead();
    void records.purgeExpired();
    truncateWal(db);
  };
  sweep();
  const timer = setInterval(sweep, opts.sweepEveryMs ?? 60_000);
  timer.unref();
  return {
    state,
    records,
    inbox,
    reach,
    describe: { state: `sqlite ${file}`, records: `sqlite ${file}`, inbox: `sqlite ${file}`, reach: `sqlite ${file} (exact uniques)` },
    async close() {
      clearInterval(timer);
      await reach.close();
      if (db.open) {
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
  };
}

/**
 * Deleted and replaced rows are zeroed in the database file (`secure_delete`), but the WAL keeps
 * the old page images until it is reset: a checkpoint that truncates it bounds how long erased
 * data ("delete my data", expired state, processed inbox events) lingers on disk to one sweep.
 * It never waits: with a reader in the way (`npm run report`), it tries again next sweep.
 */
export function truncateWal(db: ReturnType<typeof openSqlite>): boolean {
  if (!db.open || db.memory) return false;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return r?.busy === 0;
  } catch {
    return false;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

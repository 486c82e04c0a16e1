import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type SqliteDb = Database.Database;

/**
 * Schema migrations, applied in order and recorded in `user_version`. Append; never edit one
 * that has shipped.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE state (
    key TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX state_expires ON state(expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX claims_expires ON claims(expires_at);

  CREATE TABLE counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX counters_expires ON counters(expires_at);

  CREATE TABLE locks (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;

  CREATE TABLE records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (collection, id)
  ) WITHOUT ROWID;
  CREATE INDEX records_expires ON records(expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    lane TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    status TEXT NOT NULL DEFAULT 'queued',
    expires_at INTEGER
  );
  CREATE INDEX inbox_lane ON inbox(status, lane, seq);
  `,
  // Reach statistics (src/stores/sqlite/reach-ledger.ts). A row is one (day, kind, person, channel,
  // topic, details) with how many events it saw; strings are interned so a year of events stays
  // small. Persons are keyed pseudonyms, rotated with the campaign year, stored as 16 bytes of
  // their SHA-256; person 0 is "nobody" (support-info events, which never name a person).
  // No index on person: "delete my data" scans (about 30 ms for a year of a commune), and the
  // index would double the file.
  `
  CREATE TABLE reach_people (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE);
  CREATE TABLE reach_values (id INTEGER PRIMARY KEY, dim TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (dim, value));
  CREATE TABLE reach (
    day INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    person INTEGER NOT NULL,
    channel INTEGER NOT NULL,
    topic INTEGER NOT NULL,
    grp INTEGER NOT NULL,
    gender INTEGER NOT NULL,
    age_band INTEGER NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (kind, day, person, channel, topic, grp, gender, age_band)
  ) WITHOUT ROWID;
  `,
];

/**
 * Opens (and creates) the embedded database. WAL lets readers and the writer work together;
 * `secure_delete` overwrites deleted content so a deleted row cannot be read back from free
 * pages of the file.
 */
export function openSqlite(file: string): SqliteDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: SqliteDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

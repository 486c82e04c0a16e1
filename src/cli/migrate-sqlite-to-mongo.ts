import path from 'node:path';
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { openSqlite, SQLITE_FILE } from '../stores/sqlite';
import type { ImportedRecord } from '../stores/mongo/record-store';
import type { RecordStore } from '../stores/ports';

/**
 * `npm run migrate:sqlite-to-mongo [-- --dry-run] [-- --overwrite] [-- --force]`
 *
 * Moves an embedded install's durable records (callback requests, quiz figures, officer
 * accounts, audit log, platform tokens: everything in the RecordStore) from DATA_DIR's SQLite
 * file to MONGODB_URI, keeping versions and expiry dates. Records stay sealed: they are copied
 * as they are and need the same DATA_ENCRYPTION_KEY and PSEUDONYM_SECRET in cluster mode.
 *
 * With REDIS_URL set too, the reach history is replayed into the Redis ledger (once), whose
 * daily copies land in MongoDB; the same residents seen again afterwards are not counted twice.
 *
 * Not moved, on purpose: conversation state is short-lived (it expires after
 * CONVERSATION_TTL_DAYS) and a resident in the middle of a dialog simply starts again from the
 * menu; claims and rate-limit counters expire within minutes. Events still waiting in the
 * embedded inbox are not moved either, so the command refuses to run while any wait (stop the
 * embedded bot with SIGTERM and let it finish first), unless --force.
 *
 * Safe to run twice: a record already in MongoDB is kept unless --overwrite.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const dryRun = args.has('--dry-run');
  let cfg;
  try {
    cfg = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(`configuration error: ${err.message}`);
    throw err;
  }
  const file = path.join(cfg.dataDir, SQLITE_FILE);
  if (!fs.existsSync(file)) return fail(`no embedded database at ${file} (set DATA_DIR to the folder that holds ${SQLITE_FILE})`);
  if (!cfg.mongodbUri && !dryRun) return fail('MONGODB_URI is not set: nowhere to move the records to (use --dry-run to only count them)');

  const db = openSqlite(file);
  try {
    const now = Date.now();
    const waiting = (db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE status = 'queued'").get() as { n: number }).n;
    if (waiting > 0 && !args.has('--force')) {
      return fail(`${waiting} event(s) still wait in the embedded inbox: start the embedded bot once more and stop it when they are answered, or pass --force`);
    }
    const perCollection = db
      .prepare('SELECT collection, COUNT(*) AS n FROM records WHERE expires_at IS NULL OR expires_at > ? GROUP BY collection ORDER BY collection')
      .all(now) as Array<{ collection: string; n: number }>;
    const total = perCollection.reduce((n, c) => n + c.n, 0);
    process.stdout.write(`${total} record(s) in ${file}\n`);
    for (const c of perCollection) process.stdout.write(`  ${c.collection.padEnd(28)} ${c.n}\n`);
    const reachEvents = (db.prepare('SELECT COALESCE(SUM(events), 0) AS n FROM reach').get() as { n: number }).n;
    process.stdout.write(`${reachEvents} reach event(s)${cfg.redisUrl ? '' : ' (not moved: set REDIS_URL too, the cluster reach ledger lives on Redis)'}\n`);
    process.stdout.write('conversation state, claims and counters are short-lived and are not moved\n');
    if (dryRun) {
      process.stdout.write('dry run: nothing written\n');
      return;
    }

    const { connectMongo, MongoRecordStore } = await import('../stores/mongo/record-store');
    const conn = await connectMongo(cfg.mongodbUri!);
    const mongo = new MongoRecordStore(conn);
    try {
      await mongo.init();
      const rows = db
        .prepare('SELECT collection, id, doc, version, updated_at, expires_at FROM records WHERE expires_at IS NULL OR expires_at > ? ORDER BY collection, id')
        .iterate(now) as IterableIterator<{ collection: string; id: string; doc: string; version: number; updated_at: number; expires_at: number | null }>;
      let written = 0;
      let skipped = 0;
      let batch: ImportedRecord[] = [];
      const flush = async () => {
        const r = await mongo.importRecords(batch, { overwrite: args.has('--overwrite') });
        written += r.written;
        skipped += r.skipped;
        batch = [];
      };
      for (const row of rows) {
        batch.push({
          collection: row.collection,
          id: row.id,
          doc: JSON.parse(row.doc) as unknown,
          version: row.version,
          updatedAt: new Date(row.updated_at),
          expiresAt: row.expires_at === null ? undefined : new Date(row.expires_at),
        });
        if (batch.length >= 500) await flush();
      }
      await flush();
      process.stdout.write(`moved ${written} record(s) to MongoDB; ${skipped} already there and kept${args.has('--overwrite') ? '' : ' (use --overwrite to replace them)'}\n`);
      if (cfg.redisUrl && reachEvents > 0) await moveReach(db, mongo, cfg.redisUrl, cfg.redisKeyPrefix);
      process.stdout.write('the SQLite file is left as it was: keep it as a backup until cluster mode has run well\n');
    } finally {
      await mongo.close();
    }
  } finally {
    db.close();
  }
}

/**
 * Reach history: replayed into the Redis ledger (counts and HyperLogLog sketches), which then
 * copies each day to MongoDB. Replaying twice would count events twice, so it happens once,
 * remembered in the record store.
 */
async function moveReach(db: ReturnType<typeof openSqlite>, records: RecordStore, redisUrl: string, keyPrefix: string): Promise<void> {
  const done = await records.get<{ at: string; events: number }>('migrations', 'reach-from-sqlite');
  if (done) {
    process.stdout.write(`reach history already moved on ${done.doc.at} (${done.doc.events} events): not moved again\n`);
    return;
  }
  const { closeRedis, connectRedis } = await import('../stores/redis/connection');
  const { RedisReachLedger } = await import('../stores/redis/reach-ledger');
  const { importSqliteReach } = await import('../stores/migrate-reach');
  const client = await connectRedis(redisUrl);
  try {
    const events = await importSqliteReach(db, new RedisReachLedger(client, `${keyPrefix}r:`, records));
    await records.put('migrations', 'reach-from-sqlite', { at: new Date().toISOString(), events });
    process.stdout.write(`moved ${events} reach event(s) to the Redis ledger (estimates from now on) and its daily copies to MongoDB\n`);
  } finally {
    await closeRedis(client);
  }
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

void main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${(err as { safeMessage?: string; message?: string })?.safeMessage ?? (err as Error)?.name ?? 'error'}\n`);
  process.exitCode = 1;
});

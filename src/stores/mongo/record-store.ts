import mongoose, { type Connection, type Model, Schema } from 'mongoose';
import { AppError } from '../../errors';
import type { RecordStore, RecordWriteOptions, StoredRecord } from '../ports';

/** One stored record. `col`/`rid` because `collection` and `id` mean something to mongoose. */
interface RecordDoc {
  col: string;
  rid: string;
  doc: unknown;
  version: number;
  updatedAt: Date;
  expiresAt?: Date | null;
}

/** A record as another backend holds it, for `importRecords`. */
export interface ImportedRecord {
  collection: string;
  id: string;
  doc: unknown;
  version: number;
  updatedAt: Date;
  expiresAt?: Date;
}

const recordSchema = new Schema<RecordDoc>(
  {
    col: { type: String, required: true },
    rid: { type: String, required: true },
    doc: { type: Schema.Types.Mixed },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    expiresAt: { type: Date },
  },
  { collection: 'records', versionKey: false, minimize: false, id: false, autoIndex: false, strict: true },
);
// The unique constraint insert() and the token pair rely on; also serves get, list (prefix
// range on rid within a collection) and every conditional update.
recordSchema.index({ col: 1, rid: 1 }, { unique: true, name: 'col_rid_unique' });
// MongoDB deletes expired records by itself (about once a minute); reads filter them meanwhile.
recordSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expires_ttl' });

const DUPLICATE_KEY = 11000;
const isDuplicate = (err: unknown) => (err as { code?: number })?.code === DUPLICATE_KEY;

/**
 * RecordStore on MongoDB (mongoose 9): one collection, one document per record, with a version
 * field for conditional replaces (the Zalo token pair) and `$inc` for counters, so every
 * operation is a single atomic update on the server, whichever process sends it.
 *
 * Documents are stored as their JSON form, so a record reads back the same as on SQLite
 * (dates as ISO strings, no undefined fields) whichever backend wrote it.
 */
export class MongoRecordStore implements RecordStore {
  private readonly model: Model<RecordDoc>;

  constructor(
    private readonly conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = conn.models['BdRecord'] ?? conn.model<RecordDoc>('BdRecord', recordSchema);
  }

  /** Creates the indexes (idempotent): the unique one must exist before any insert counts on it. */
  async init(): Promise<void> {
    await this.guard(() => this.model.createIndexes());
  }

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | undefined> {
    const row = await this.guard(() => this.model.findOne({ col: collection, rid: id, ...this.alive() }).lean<RecordDoc>().exec());
    return row ? toRecord<T>(row) : undefined;
  }

  async put<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<void> {
    const now = this.now();
    await this.retryOnDuplicate(() =>
      this.model
        .updateOne({ col: collection, rid: id }, { ...setting({ doc: asJson(doc), updatedAt: now }, options), $inc: { version: 1 } }, { upsert: true })
        .exec(),
    );
  }

  async insert<T>(collection: string, id: string, doc: T, options?: RecordWriteOptions): Promise<boolean> {
    const now = this.now();
    try {
      // Matches only an expired record (which counts as absent); otherwise the upsert inserts,
      // and an existing live record makes it fail on the unique index.
      await this.guard(() =>
        this.model
          .updateOne(
            { col: collection, rid: id, expiresAt: { $lte: now } },
            setting({ doc: asJson(doc), version: 1, updatedAt: now }, options),
            { upsert: true },
          )
          .exec(),
      );
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  async replaceIf<T>(collection: string, id: string, expectedVersion: number, doc: T, options?: RecordWriteOptions): Promise<boolean> {
    const now = this.now();
    const r = await this.guard(() =>
      this.model
        .updateOne(
          { col: collection, rid: id, version: expectedVersion, ...this.alive(now) },
          { ...setting({ doc: asJson(doc), updatedAt: now }, options), $inc: { version: 1 } },
        )
        .exec(),
    );
    return r.matchedCount === 1;
  }

  async increment(
    collection: string,
    id: string,
    deltas: Record<string, number>,
    options?: RecordWriteOptions,
  ): Promise<Record<string, number>> {
    const inc: Record<string, number> = { version: 1 };
    for (const [field, delta] of Object.entries(deltas)) {
      if (field.includes('.') || field.startsWith('$') || field === '') throw new Error(`increment: field name not allowed: ${field}`);
      inc[`doc.${field}`] = delta;
    }
    for (let attempt = 0; ; attempt++) {
      const now = this.now();
      try {
        const row = await this.guard(() =>
          this.model
            .findOneAndUpdate(
              { col: collection, rid: id, ...this.alive(now) },
              { $inc: inc, $set: { updatedAt: now, ...(options?.expiresAt ? { expiresAt: options.expiresAt } : {}) } },
              { upsert: true, returnDocument: 'after' },
            )
            .lean<RecordDoc>()
            .exec(),
        );
        return { ...((row?.doc ?? {}) as Record<string, number>) };
      } catch (err) {
        // Two first increments raced (one inserted), or an expired record is in the way: the
        // next attempt finds the live record, or starts afresh after removing the expired one.
        if (!isDuplicate(err) || attempt >= 5) throw err;
        await this.guard(() => this.model.deleteOne({ col: collection, rid: id, expiresAt: { $lte: now } }).exec());
      }
    }
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const r = await this.guard(() => this.model.deleteOne({ col: collection, rid: id }).exec());
    return r.deletedCount === 1;
  }

  async list<T>(collection: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]> {
    const prefix = options?.prefix ?? '';
    let query = this.model
      .find({ col: collection, rid: { $gte: prefix, $lt: prefix + '\uffff' }, ...this.alive() })
      .sort({ rid: 1 });
    if (options?.limit !== undefined && options.limit >= 0) query = query.limit(options.limit);
    const rows = await this.guard(() => query.lean<RecordDoc[]>().exec());
    return rows.map((r) => toRecord<T>(r));
  }

  async purgeExpired(now = this.now()): Promise<number> {
    const r = await this.guard(() => this.model.deleteMany({ expiresAt: { $lte: now } }).exec());
    return r.deletedCount;
  }

  /**
   * Copies records from another backend (the SQLite-to-MongoDB migration), keeping versions and
   * dates. A record already in MongoDB is left alone unless `overwrite`, so running the
   * migration twice, or after the bot has started writing here, loses nothing.
   */
  async importRecords(rows: ImportedRecord[], opts: { overwrite?: boolean } = {}): Promise<{ written: number; skipped: number }> {
    if (rows.length === 0) return { written: 0, skipped: 0 };
    const ops = rows.map((r) => {
      const fields = { doc: asJson(r.doc), version: r.version, updatedAt: r.updatedAt, ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}) };
      return {
        updateOne: {
          filter: { col: r.collection, rid: r.id },
          update: opts.overwrite ? { $set: fields } : { $setOnInsert: fields },
          upsert: true,
        },
      };
    });
    const result = await this.guard(() => this.model.bulkWrite(ops, { ordered: false }));
    const written = result.upsertedCount + result.modifiedCount;
    return { written, skipped: rows.length - written };
  }

  async ping(): Promise<void> {
    if (this.conn.readyState !== mongoose.ConnectionStates.connected || !this.conn.db) {
      throw new AppError('STORE_UNAVAILABLE', `mongodb not connected (${mongoose.ConnectionStates[this.conn.readyState]})`);
    }
    const db = this.conn.db;
    await this.guard(() => db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

  /** Expired records count as absent until MongoDB's TTL monitor removes them. */
  private alive(now = this.now()) {
    return { $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
  }

  private async retryOnDuplicate<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await this.guard(op);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      return this.guard(op);
    }
  }

  /** Network and server-selection failures become STORE_UNAVAILABLE (a webhook answers 503). */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      const name = (err as Error)?.name ?? '';
      if (/MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoNotConnectedError|MongoTopologyClosedError/.test(name)) {
        throw new AppError('STORE_UNAVAILABLE', `mongodb unavailable: ${name}`, 'errors.generic', { cause: err });
      }
      throw err;
    }
  }
}

/** `$set` for the given fields plus the expiry: set when given, removed otherwise. */
function setting(fields: Record<string, unknown>, options?: RecordWriteOptions): Record<string, unknown> {
  return options?.expiresAt
    ? { $set: { ...fields, expiresAt: options.expiresAt } }
    : { $set: fields, $unset: { expiresAt: '' } };
}

function asJson(doc: unknown): unknown {
  return doc === undefined ? null : (JSON.parse(JSON.stringify(doc)) as unknown);
}

function toRecord<T>(row: RecordDoc): StoredRecord<T> {
  return {
    id: row.rid,
    doc: row.doc as T,
    version: row.version,
    updatedAt: new Date(row.updatedAt),
    expiresAt: row.expiresAt ? new Date(row.expiresAt) : undefined,
  };
}

/**
 * Connects with settings that fail fast: no buffering of commands while disconnected (they
 * would run minutes later), and a short server-selection timeout, so a webhook gets a 503
 * instead of hanging. The driver reconnects by itself.
 */
export async function connectMongo(uri: string, opts: { serverSelectionTimeoutMs?: number } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 5_000,
    maxPoolSize: 20,
  });
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new AppError('STORE_UNAVAILABLE', `MONGODB_URI: cannot connect (${(err as Error)?.name ?? 'error'})`, 'errors.generic', { cause: err });
  }
  return conn;
}

import type { Config } from '../config';
import type { Logger } from '../logger';
import type { InboxStore, ReachLedger, RecordStore, StateStore, Stores } from './ports';

/**
 * Cluster mode: REDIS_URL puts state, claims, locks, rate limits and the inbox on Redis, shared
 * by every bot process; MONGODB_URI puts the durable records on MongoDB. Either may be set
 * alone: what is not moved stays on the embedded SQLite file in DATA_DIR, and the startup log
 * says so, because that part is then shared only by processes on the same machine and volume.
 * Drivers are imported here, lazily, so an embedded install never loads ioredis or mongoose.
 */
export async function createClusterStores(cfg: Config, logger?: Logger): Promise<Stores> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  let embedded: Stores | undefined;
  const sqlite = async () => {
    if (!embedded) {
      const { createSqliteStores } = await import('./sqlite');
      embedded = createSqliteStores(cfg.dataDir, { stateTtlMs: cfg.conversationTtlMs });
      const opened = embedded;
      closers.push(() => opened.close());
    }
    return embedded;
  };

  try {
    let state: StateStore;
    let inbox: InboxStore;
    let records: RecordStore;
    let reach: ReachLedger;
    let redisClient: import('ioredis').default | undefined;
    const describe: Record<string, string> = {};

    if (cfg.redisUrl) {
      const { connectRedis, closeRedis } = await import('./redis/connection');
      const { RedisStateStore } = await import('./redis/state-store');
      const { RedisInboxStore } = await import('./redis/inbox-store');
      const label = redisLabel(cfg.redisUrl);
      const client = await connectRedis(cfg.redisUrl, { logger, label });
      closers.push(() => closeRedis(client));
      redisClient = client;
      state = new RedisStateStore(client, cfg.redisKeyPrefix, cfg.conversationTtlMs, label);
      inbox = new RedisInboxStore(client, `${cfg.redisKeyPrefix}i:`, label);
      describe.state = `redis ${label} (keys ${cfg.redisKeyPrefix}*)`;
      describe.inbox = `redis ${label} (keys ${cfg.redisKeyPrefix}i:*)`;
    } else {
      const e = await sqlite();
      state = e.state;
      inbox = e.inbox;
      describe.state = `${e.describe.state} (REDIS_URL not set: run one process)`;
      describe.inbox = `${e.describe.inbox} (REDIS_URL not set: run one process)`;
      logger?.warn('MONGODB_URI without REDIS_URL: state and the inbox stay on SQLite in DATA_DIR, so run a single process');
    }

    if (cfg.mongodbUri) {
      const { connectMongo, MongoRecordStore } = await import('./mongo/record-store');
      const conn = await connectMongo(cfg.mongodbUri);
      const mongo = new MongoRecordStore(conn);
      closers.push(() => mongo.close());
      await mongo.init();
      records = mongo;
      describe.records = `mongodb ${mongoLabel(cfg.mongodbUri)} (collection records)`;
    } else {
      const e = await sqlite();
      records = e.records;
      describe.records = `${e.describe.records} (MONGODB_URI not set)`;
      logger?.warn(
        'REDIS_URL without MONGODB_URI: records (callback requests, quiz figures, tokens) stay on SQLite in DATA_DIR; ' +
          'processes must share that directory on one machine, or set MONGODB_URI',
      );
    }

    if (redisClient) {
      const { RedisReachLedger } = await import('./redis/reach-ledger');
      const label = redisLabel(cfg.redisUrl!);
      const ledger = new RedisReachLedger(redisClient, `${cfg.redisKeyPrefix}r:`, records, { logger, label });
      ledger.startRollUps();
      // Closed before the connection (closers run in reverse): a last roll-up, then stop.
      closers.push(async () => {
        await ledger.rollUp().catch(() => 0);
        await ledger.close();
      });
      reach = ledger;
      describe.reach = `redis ${label} (HyperLogLog, keys ${cfg.redisKeyPrefix}r:*; hourly roll-up to the record store)`;
    } else {
      const e = await sqlite();
      reach = e.reach;
      describe.reach = `${e.describe.reach} (REDIS_URL not set)`;
    }

    return { state, inbox, records, reach, describe, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Host, port and database only: the URL may carry a password, which must not reach the log. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'redis';
  }
}

export function mongoLabel(uri: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?([^/?]+)(\/[^?]*)?/.exec(uri);
  return m ? `${m[1]}${m[2]}${m[3] ?? ''}` : 'mongodb';
}

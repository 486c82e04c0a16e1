import path from 'node:path';
import type Redis from 'ioredis';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { closeRedis, connectRedis } from '../../src/stores/redis/connection';
import { RedisInboxStore } from '../../src/stores/redis/inbox-store';
import { RedisReachLedger } from '../../src/stores/redis/reach-ledger';
import { RedisStateStore } from '../../src/stores/redis/state-store';
import { openSqlite, SqliteRecordStore } from '../../src/stores/sqlite';
import { tempDir, TEST_SECRETS } from '../helpers/env';
import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';
import { inboxStoreContract } from './inbox-store.contract';
import { reachLedgerContract } from './reach-ledger.contract';
import { stateStoreContract } from './state-store.contract';

// Real Redis, never a mock. Each store gets a fresh prefix (the inbox contract expects an empty
// queue), all under one prefix for this run, deleted at the end.
const run = redisTestPrefix('contract');
let n = 0;
const clients: Redis[] = [];
const open = async () => {
  const client = await connectRedis(REDIS_TEST_URL, { connectWaitMs: 5_000 });
  clients.push(client);
  return { client, prefix: `${run}${++n}:`, close: () => closeRedis(client) };
};

afterAll(async () => {
  await Promise.all(clients.map(closeRedis));
  await cleanupRedis(run);
});

stateStoreContract('redis', async () => {
  const { client, prefix, close } = await open();
  return { store: new RedisStateStore(client, prefix, 60_000), close };
});

stateStoreContract('redis behind PrivateStateStore', async () => {
  const { client, prefix, close } = await open();
  const store = new PrivateStateStore(
    new RedisStateStore(client, prefix, 60_000),
    new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET),
    new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')),
    { conversationTtlMs: 60_000, userTtlMs: 120_000 },
  );
  return { store, close };
});

inboxStoreContract('redis', async () => {
  const { client, prefix, close } = await open();
  return { store: new RedisInboxStore(client, prefix), close };
});

// The roll-ups go to a RecordStore: SQLite here (MongoDB in a real cluster).
reachLedgerContract('redis (HyperLogLog)', async () => {
  const { client, prefix, close } = await open();
  const db = openSqlite(path.join(tempDir(), 'rollups.db'));
  const ledger = new RedisReachLedger(client, prefix, new SqliteRecordStore(db));
  return {
    store: ledger,
    close: async () => {
      await ledger.close();
      db.close();
      await close();
    },
  };
});

import path from 'node:path';
import type Redis from 'ioredis';
import type { ReachEvent, ReachQuery } from '../../src/stores/ports';
import { closeRedis, connectRedis } from '../../src/stores/redis/connection';
import { RedisReachLedger } from '../../src/stores/redis/reach-ledger';
import { ROLLUP_COLLECTION } from '../../src/stores/redis/reach-rollup';
import { openSqlite, SqliteRecordStore } from '../../src/stores/sqlite';
import type { SqliteDb } from '../../src/stores/sqlite/database';
import { person } from '../contract/reach-ledger.contract';
import { tempDir } from '../helpers/env';
import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';

/** Within HyperLogLog's error (the contract allows 3%). */
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1, Math.ceil(expected * 0.03)));

describe('Redis reach ledger: the daily roll-up keeps the history when Redis is lost', () => {
  let client: Redis;
  let db: SqliteDb;
  let records: SqliteRecordStore;
  let ledger: RedisReachLedger;
  const prefix = redisTestPrefix('reach');

  beforeAll(async () => {
    client = await connectRedis(REDIS_TEST_URL);
    db = openSqlite(path.join(tempDir(), 'records.db'));
    records = new SqliteRecordStore(db);
    ledger = new RedisReachLedger(client, prefix, records);
  });
  afterAll(async () => {
    await ledger.close();
    await cleanupRedis(prefix);
    await closeRedis(client);
    db.close();
  });

  const quarter: ReachQuery = { from: '2026-10-01', to: '2026-12-31', kinds: ['knowledge', 'quiz'], by: ['topic', 'channel'] };
  const ev = (p: number, day: string): ReachEvent => ({
    kind: p % 5 === 0 ? 'quiz' : 'knowledge', day, channel: p % 2 ? 'zalo' : 'messenger', person: person(p), topic: ['dv-basics', 'ge-basics'][p % 2]!,
  });

  it('answers the same report from the roll-ups after Redis lost everything, then adds what came after', async () => {
    const before = [...Array.from({ length: 300 }, (_, i) => ev(i, '2026-11-02')), ...Array.from({ length: 200 }, (_, i) => ev(i + 150, '2026-11-03'))];
    await ledger.record(before);
    const live = await ledger.report(quarter);
    near(live.total.people, 350);
    expect(live.total.events).toBe(500);

    expect(await ledger.rollUp()).toBe(2);
    const copies = await records.list<{ sketches: Record<string, string> }>(ROLLUP_COLLECTION);
    expect(copies.map((c) => c.id.slice(0, 10))).toEqual(['2026-11-02', '2026-11-03']);
    // The copies hold counts and sketches, never a person's pseudonym.
    const raw = JSON.stringify(copies);
    expect(raw).not.toContain(person(1));
    expect(raw).not.toContain(person(299));

    // A sketch that expired in Redis before its day's counts is read back from the copy.
    await client.del(`${prefix}h:2026-11-02:knowledge|topic=ge-basics`);
    expect((await ledger.report(quarter)).by.topic).toEqual(live.by.topic);

    await cleanupRedis(prefix); // Redis lost: no persistence, a wipe, a new server
    const restored = await ledger.report(quarter);
    expect(restored).toEqual(live);

    // Residents keep coming after the loss: 100 seen before and 100 new, on a day already copied.
    await ledger.record(Array.from({ length: 200 }, (_, i) => ev(i + 200, '2026-11-03')));
    const after = await ledger.report(quarter);
    expect(after.total.events).toBe(700);
    near(after.total.people, 400);

    // Both lives of that day are copied; losing Redis again loses nothing that was rolled up.
    expect(await ledger.rollUp()).toBe(1);
    expect((await records.list(ROLLUP_COLLECTION, { prefix: '2026-11-03:' })).length).toBe(2);
    await cleanupRedis(prefix);
    expect(await ledger.report(quarter)).toEqual(after);
  });
});

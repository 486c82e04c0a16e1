import path from 'node:path';
import type Redis from 'ioredis';
import type { ReachEvent, ReachQuery } from '../../src/stores/ports';
import { importSqliteReach } from '../../src/stores/migrate-reach';
import { closeRedis, connectRedis } from '../../src/stores/redis/connection';
import { RedisReachLedger } from '../../src/stores/redis/reach-ledger';
import { createSqliteStores, openSqlite, SQLITE_FILE, SqliteRecordStore } from '../../src/stores/sqlite';
import { person } from '../contract/reach-ledger.contract';
import { tempDir } from '../helpers/env';
import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';

const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1, Math.ceil(expected * 0.03)));

describe('moving an embedded install’s reach history to the Redis ledger', () => {
  const prefix = redisTestPrefix('reachimport');
  let client: Redis;
  afterAll(async () => {
    await cleanupRedis(prefix);
    await closeRedis(client);
  });

  it('keeps the figures, and a resident seen before the move is not counted again after it', async () => {
    const dir = tempDir();
    const embedded = createSqliteStores(dir, { stateTtlMs: 60_000 });
    const events: ReachEvent[] = [];
    for (let i = 0; i < 400; i++) {
      const p = i % 150;
      events.push({
        kind: i % 7 === 0 ? 'quiz' : 'knowledge', day: `2026-10-0${1 + (i % 5)}`, channel: p % 3 ? 'zalo' : 'messenger', person: person(p),
        topic: ['dv-basics', 'ge-basics'][p % 2]!, ...(p % 4 === 0 ? { residentialGroup: 'tdp-01', gender: 'female' } : {}),
      });
    }
    events.push({ kind: 'support-info', day: '2026-10-02', channel: 'zalo', topic: 'dv-help' });
    await embedded.reach.record(events);
    const q: ReachQuery = {
      from: '2026-10-01', to: '2026-12-31', kinds: ['knowledge', 'quiz'], by: ['topic', 'channel', 'residentialGroup', 'gender'],
      buckets: [{ from: '2026-10-01', to: '2026-10-02' }],
    };
    const before = await embedded.reach.report(q);
    const support = await embedded.reach.report({ ...q, kinds: ['support-info'], by: ['topic'] });

    client = await connectRedis(REDIS_TEST_URL);
    const db = openSqlite(path.join(tempDir(), 'records.db'));
    const ledger = new RedisReachLedger(client, prefix, new SqliteRecordStore(db));
    const file = openSqlite(path.join(dir, SQLITE_FILE)); // what the migration opens
    expect(await importSqliteReach(file, ledger)).toBe(401);
    file.close();
    const after = await ledger.report(q);
    expect(after.total.events).toBe(before.total.events);
    near(after.total.people, before.total.people);
    near(after.buckets[0]!.people, before.buckets[0]!.people);
    for (const dim of ['topic', 'channel', 'residentialGroup', 'gender'] as const) {
      for (const row of before.by[dim]!) {
        const moved = after.by[dim]!.find((r) => r.value === row.value)!;
        expect(moved.events).toBe(row.events);
        near(moved.people, row.people);
      }
    }
    expect((await ledger.report({ ...q, kinds: ['support-info'], by: ['topic'] })).by.topic).toEqual(support.by.topic);

    // After the move, the same residents come back: the estimate does not grow.
    await ledger.record(Array.from({ length: 150 }, (_, p) => ({ kind: 'knowledge', day: '2026-11-15', channel: 'zalo', person: person(p), topic: 'dv-basics' })));
    const later = await ledger.report(q);
    expect(later.total.people).toBe(after.total.people);
    expect(later.total.events).toBe(after.total.events + 150);
    await embedded.close();
    db.close();
  });
});

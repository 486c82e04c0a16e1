import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { closeRedis } from '../../src/stores/redis/connection';

/** The shared Redis the suite runs against (CI starts it; REDIS_TEST_URL points elsewhere). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/**
 * A key prefix nobody else uses: test files run in parallel, and other people's runs share the
 * same Redis, so every run writes under its own prefix and deletes it afterwards.
 */
export function redisTestPrefix(tag: string): string {
  return `bdtest:${tag}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS, so a busy shared Redis is not blocked). */
export async function cleanupRedis(prefix: string, url = REDIS_TEST_URL): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    await closeRedis(client);
  }
}

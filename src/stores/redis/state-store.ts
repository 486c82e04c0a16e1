import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import type Redis from 'ioredis';
import { etagConflict } from '../etag';
import type { StateStore } from '../ports';
import { guarded, pingRedis, redisUnavailable } from './connection';

/**
 * Compare-and-set over every item of one write, in one script: Redis runs a script without
 * interleaving anything else, so two processes holding the same eTag cannot both win, and a
 * write of several items (conversation and user state together) is all or nothing, as on SQLite.
 * Returns 0 when written, or the 1-based index of the first item whose eTag was stale.
 * ARGV: ttlMs, then (expected eTag or '', new eTag, value) for each key.
 */
const WRITE_CAS = `
local ttl = ARGV[1]
for i = 1, #KEYS do
  local expected = ARGV[2 + (i - 1) * 3]
  if expected ~= '' and expected ~= '*' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if current and current ~= expected then return i end
  end
end
for i = 1, #KEYS do
  local base = 2 + (i - 1) * 3
  redis.call('HSET', KEYS[i], 'e', ARGV[base + 1], 'v', ARGV[base + 2])
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return 0
`;

/** INCR with the window starting at the first increment (a missing TTL is repaired too). */
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/** Takes the lock if it is free or already ours (re-entrant, extends the expiry). */
const LOCK = `
local owner = redis.call('GET', KEYS[1])
if owner == false or owner == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** Deletes the lock only if the caller still holds it (an expired lock may be someone else's now). */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface ScriptCommands {
  bdStateWrite(numKeys: number, ...args: Array<string | number>): Promise<number>;
  bdIncrement(key: string, windowMs: number): Promise<number>;
  bdLock(key: string, owner: string, ttlMs: number): Promise<number>;
  bdUnlock(key: string, owner: string): Promise<number>;
}

function withScripts(client: Redis): Redis & ScriptCommands {
  const c = client as Redis & Partial<ScriptCommands>;
  if (!c.bdStateWrite) {
    client.defineCommand('bdStateWrite', { lua: WRITE_CAS });
    client.defineCommand('bdIncrement', { numberOfKeys: 1, lua: INCREMENT });
    client.defineCommand('bdLock', { numberOfKeys: 1, lua: LOCK });
    client.defineCommand('bdUnlock', { numberOfKeys: 1, lua: UNLOCK });
  }
  return client as Redis & ScriptCommands;
}

/**
 * StateStore on Redis, shared by every bot process. Keys and values arrive already pseudonymised
 * and sealed (PrivateStateStore), so Redis holds nothing readable. Each item is a hash
 * {e: eTag, v: value} with a PEXPIRE, so conversation state disappears by itself.
 * Claims, counters and locks live in their own key spaces, like the SQLite tables.
 */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis & ScriptCommands;

  constructor(
    client: Redis,
    private readonly prefix: string,
    private readonly defaultTtlMs: number,
    private readonly label = 'redis',
  ) {
    this.redis = withScripts(client);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const pipe = this.redis.pipeline();
    for (const key of keys) pipe.hmget(this.k('s', key), 'e', 'v');
    const results = await guarded(this.label, () => pipe.exec());
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const [err, value] = results?.[i] ?? [new Error('no reply'), null];
      if (err) throw redisUnavailable(err, this.label);
      const [etag, raw] = value as [string | null, string | null];
      if (etag !== null && raw !== null) items[key] = { ...(JSON.parse(raw) as object), eTag: etag };
    });
    return items;
  }

  async write(changes: StoreItems, ttlMs = this.defaultTtlMs): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const args: Array<string | number> = [ms(ttlMs)];
    for (const [, item] of entries) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      args.push(eTag ?? '', randomUUID(), JSON.stringify(value));
    }
    const keys = entries.map(([key]) => this.k('s', key));
    const conflict = await guarded(this.label, () => this.redis.bdStateWrite(keys.length, ...keys, ...args));
    if (conflict > 0) throw etagConflict(entries[conflict - 1]![0]);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await guarded(this.label, () => this.redis.del(...keys.map((key) => this.k('s', key))));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await guarded(this.label, () => this.redis.set(this.k('c', key), '1', 'PX', ms(ttlMs), 'NX'))) === 'OK';
  }

  async unclaim(key: string): Promise<void> {
    await guarded(this.label, () => this.redis.del(this.k('c', key)));
  }

  async increment(key: string, windowMs: number): Promise<number> {
    return guarded(this.label, () => this.redis.bdIncrement(this.k('n', key), ms(windowMs)));
  }

  async acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await guarded(this.label, () => this.redis.bdLock(this.k('l', key), owner, ms(ttlMs)))) === 1;
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    await guarded(this.label, () => this.redis.bdUnlock(this.k('l', key), owner));
  }

  ping(): Promise<void> {
    return pingRedis(this.redis, this.label);
  }

  async close(): Promise<void> {
    // The connection is shared with the inbox and closed by its owner (createClusterStores).
  }

  private k(space: 's' | 'c' | 'n' | 'l', key: string): string {
    return `${this.prefix}${space}:${key}`;
  }
}

/** Redis wants whole, positive milliseconds. */
function ms(n: number): number {
  return Math.max(1, Math.round(n));
}

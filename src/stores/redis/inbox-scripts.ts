/**
 * The Redis inbox's operations, each one Lua script so it runs atomically on the server: no two
 * processes can lease the same lane, and a crash between two commands cannot leave a lane half
 * moved. Times come from the Redis server's clock (TIME), so processes whose clocks disagree
 * still agree on when a lease has run out.
 *
 * Layout under the prefix P (KEYS are the fixed keys; per-item keys are built from ARGV[1] = P):
 *   KEYS[1] P..'seq'     counter: the next seq (acceptance order)
 *   KEYS[2] P..'ready'   sorted set: lane -> when its head item is due; only lanes whose head
 *                        is not leased
 *   KEYS[3] P..'leased'  sorted set: seq -> when its lease runs out
 *   KEYS[4] P..'dead'    sorted set: seq -> when the dead letter is deleted
 *   KEYS[5] P..'queued'  counter: items waiting or leased
 *   P..'item:'..seq      hash: ch, lane, p (sealed payload), a (attempts), due, w (lease owner)
 *   P..'lane:'..lane     list of seqs, oldest first: the head is the only item that may run
 *   P..'dd:'..ch..':'..key  the deduplication marker of an event, with a TTL
 * The per-item keys are not declared in KEYS, so this needs one Redis primary (with replicas or
 * Sentinel), not a sharded Redis Cluster.
 */

const CLOCK = `
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** After the head of a lane leaves, the next one (if any) becomes ready at its own due time. */
const NEXT_HEAD = `
local function next_head(P, ready, lane)
  local head = redis.call('LINDEX', P .. 'lane:' .. lane, 0)
  if head then
    redis.call('ZADD', ready, redis.call('HGET', P .. 'item:' .. head, 'due') or 0, lane)
  end
end
`;

/** ARGV: P, dedupeTtlMs, then (channel, eventKey, lane, payload) per item. Returns {accepted, duplicates}. */
export const ENQUEUE = `${CLOCK}
local P = ARGV[1]
local now = clock()
local accepted, duplicates = 0, 0
for i = 3, #ARGV, 4 do
  local ch, ev, lane, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('SET', P .. 'dd:' .. ch .. ':' .. ev, '1', 'PX', ARGV[2], 'NX') then
    local seq = redis.call('INCR', KEYS[1])
    redis.call('HSET', P .. 'item:' .. seq, 'ch', ch, 'lane', lane, 'p', payload, 'a', 0, 'due', now)
    if redis.call('RPUSH', P .. 'lane:' .. lane, seq) == 1 then redis.call('ZADD', KEYS[2], now, lane) end
    redis.call('INCR', KEYS[5])
    accepted = accepted + 1
  else
    duplicates = duplicates + 1
  end
end
return {accepted, duplicates}
`;

/**
 * ARGV: P, leaseMs, limit, worker. Returns flat (seq, channel, lane, payload, attempts) tuples.
 * First gives the lanes of run-out leases back (a crashed process's work) and drops dead letters
 * past retention, then leases the head of up to `limit` due lanes, oldest due first.
 */
export const LEASE = `${CLOCK}
local P = ARGV[1]
local now = clock()
for _, seq in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', KEYS[3], seq)
  local item = P .. 'item:' .. seq
  local lane = redis.call('HGET', item, 'lane')
  if lane then
    redis.call('HDEL', item, 'w')
    redis.call('ZADD', KEYS[2], now, lane)
  end
end
for _, seq in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', KEYS[4], seq)
  redis.call('DEL', P .. 'item:' .. seq)
end
local out = {}
for _, lane in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))) do
  redis.call('ZREM', KEYS[2], lane)
  local seq = redis.call('LINDEX', P .. 'lane:' .. lane, 0)
  if seq then
    local item = P .. 'item:' .. seq
    local f = redis.call('HMGET', item, 'ch', 'p')
    if f[1] and f[2] then
      local attempts = redis.call('HINCRBY', item, 'a', 1)
      redis.call('HSET', item, 'w', ARGV[4])
      redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), seq)
      table.insert(out, seq)
      table.insert(out, f[1])
      table.insert(out, lane)
      table.insert(out, f[2])
      table.insert(out, attempts)
    end
  end
end
return out
`;

/**
 * The bookkeeping after a turn: only the lease's current owner may settle an item. A worker
 * whose lease ran out and was taken over must not move the lane on under the new owner's feet.
 * Returns 1 when done, 0 when the item is gone, -1 when someone else owns it.
 */
const OWNED = `
local P = ARGV[1]
local item = P .. 'item:' .. ARGV[2]
local f = redis.call('HMGET', item, 'lane', 'w')
local lane = f[1]
if not lane then return 0 end
if f[2] ~= ARGV[3] then return -1 end
`;

/** ARGV: P, seq, worker. */
export const COMPLETE = `${NEXT_HEAD}${OWNED}
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('DEL', item)
redis.call('LREM', P .. 'lane:' .. lane, 1, ARGV[2])
redis.call('DECR', KEYS[5])
next_head(P, KEYS[2], lane)
return 1
`;

/** ARGV: P, seq, worker, delayMs. The item stays at the head of its lane, due later. */
export const RETRY_LATER = `${CLOCK}${OWNED}
local due = clock() + tonumber(ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('HDEL', item, 'w')
redis.call('HSET', item, 'due', due)
redis.call('ZADD', KEYS[2], due, lane)
return 1
`;

/** ARGV: P, seq, worker, expiresAtMs. The item leaves its lane but is kept (sealed) until then. */
export const DEAD_LETTER = `${NEXT_HEAD}${OWNED}
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('LREM', P .. 'lane:' .. lane, 1, ARGV[2])
redis.call('HDEL', item, 'w')
redis.call('HSET', item, 'dead', 1)
redis.call('PEXPIREAT', item, ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
redis.call('DECR', KEYS[5])
next_head(P, KEYS[2], lane)
return 1
`;

/** Returns {pending, leased, dead}. */
export const STATS = `${CLOCK}
local now = clock()
local queued = tonumber(redis.call('GET', KEYS[5]) or '0')
local leased = redis.call('ZCOUNT', KEYS[3], '(' .. now, '+inf')
local dead = redis.call('ZCOUNT', KEYS[4], '(' .. now, '+inf')
return {queued - leased, leased, dead}
`;

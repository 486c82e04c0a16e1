import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Redis from 'ioredis';
import { Cipher, Pseudonymizer } from '../src/privacy/crypto';
import { PrivateStateStore } from '../src/stores/private-state-store';
import type { InboxStore, ReachEvent, ReachLedger, StateStore } from '../src/stores/ports';
import { RedisReachLedger } from '../src/stores/redis/reach-ledger';
import { createHash } from 'node:crypto';
import { closeRedis, connectRedis } from '../src/stores/redis/connection';
import { RedisInboxStore } from '../src/stores/redis/inbox-store';
import { RedisStateStore } from '../src/stores/redis/state-store';
import { createSqliteStores } from '../src/stores/sqlite';
import { summarize } from './stats';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPS = 4_000;
const CONCURRENCY = 32;

/** Runs `op(i)` OPS times, CONCURRENCY at a time; returns ops/s and per-op latencies. */
async function measure(op: (i: number) => Promise<unknown>, ops = OPS): Promise<{ perSecond: number; times: number[] }> {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) {
        const i = next++;
        const s = performance.now();
        await op(i);
        times.push(performance.now() - s);
      }
    }),
  );
  return { perSecond: ops / ((performance.now() - start) / 1000), times };
}

function line(label: string, r: { perSecond: number; times: number[] }): string {
  return `  ${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} ops/s  ${summarize(r.times)}\n`;
}

/** A dialog state about the size the bot keeps (a waterfall, the offered buttons, the profile). */
const dialogState = {
  dialogState: { dialogStack: [{ id: 'main', state: { options: { input: 'x' }, values: { instanceId: 'a'.repeat(36) }, stepIndex: 2 } }] },
  offered: Array.from({ length: 6 }, (_, i) => ({ title: `Lựa chọn số ${i}`, value: `TOPIC:topic-${i}` })),
};

async function stateBench(name: string, state: StateStore): Promise<string> {
  const users = 500;
  const key = (i: number) => `bench/conversations/user-${i % users}/`;
  await measure((i) => state.write({ [key(i)]: { ...dialogState, eTag: '*' } }), users);
  let out = `${name}\n`;
  out += line('state write (eTag *)', await measure((i) => state.write({ [key(i)]: { ...dialogState, eTag: '*' } })));
  out += line('state read', await measure((i) => state.read([key(i)])));
  out += line('state read + write (a turn)', await measure(async (i) => {
    const items = await state.read([key(i), `bench/users/user-${i % users}/`]);
    await state.write({ [key(i)]: { ...(items[key(i)] as object), eTag: '*' } });
  }));
  out += line('claim (dedupe)', await measure((i) => state.claim(`bench/claim/${i}-${Date.now()}`, 60_000)));
  out += line('increment (rate limit)', await measure((i) => state.increment(`bench/rate/${i % users}`, 60_000)));
  return out;
}

async function inboxBench(name: string, inbox: InboxStore): Promise<string> {
  const lanes = 400;
  const payload = 'x'.repeat(600); // a sealed webhook event is a few hundred bytes
  const tag = `b${Date.now()}`;
  let out = `${name}\n`;
  out += line('enqueue (one event a webhook)', await measure((i) =>
    inbox.enqueue([{ channel: 'bench', eventKey: `${tag}-${i}`, lane: `lane-${i % lanes}`, payload }], 3_600_000),
  ));
  // Workers lease up to 16 heads at a time and complete each, as the Inbox does.
  const times: number[] = [];
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (;;) {
        const s = performance.now();
        const batch = await inbox.lease(`w${w}`, 60_000, 16);
        if (batch.length === 0) {
          if (done >= OPS) return;
          await new Promise((r) => setTimeout(r, 1));
          continue;
        }
        await Promise.all(batch.map((b) => inbox.complete(b.seq, `w${w}`)));
        times.push((performance.now() - s) / batch.length);
        done += batch.length;
      }
    }),
  );
  out += line('lease + complete (per event)', { perSecond: done / ((performance.now() - start) / 1000), times });
  return out;
}

async function reachBench(name: string, reach: ReachLedger): Promise<string> {
  const residents = 5_000;
  const topics = ['dv-basics', 'ge-basics', 'dv-law', 'ge-work', 'dv-help', 'ge-health'];
  const event = (i: number): ReachEvent => {
    const p = (i * 7919) % residents;
    const day = new Date(Date.UTC(2026, 9, 1) + (i % 90) * 86_400_000).toISOString().slice(0, 10);
    return {
      kind: i % 5 === 0 ? 'quiz' : 'knowledge', day, channel: p % 3 ? 'zalo' : 'messenger',
      person: createHash('sha256').update(`p${p}`).digest('base64url'), topic: topics[i % topics.length]!,
      ...(p % 4 === 0 ? { residentialGroup: `tdp-0${p % 9}`, gender: p % 8 ? 'female' : 'male' } : {}),
    };
  };
  let out = `${name}\n`;
  out += line('reach record (one event a turn)', await measure((i) => reach.record([event(i)]), 20_000));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await reach.report({
      from: '2026-10-01', to: '2026-12-31', kinds: ['knowledge', 'quiz'], by: ['topic', 'channel', 'residentialGroup', 'gender'],
      buckets: [{ from: '2026-10-01', to: '2026-10-31' }, { from: '2026-11-01', to: '2026-11-30' }, { from: '2026-12-01', to: '2026-12-31' }],
    });
    times.push(performance.now() - s);
  }
  out += `  ${'quarter report (4 breakdowns, 3 months)'.padEnd(34)} ${summarize(times)}\n`;
  return out;
}

/**
 * Store-level figures, SQLite (embedded) against Redis (cluster), behind the same wrappers the
 * bot uses (PrivateStateStore pseudonymises keys and seals values, so crypto is included).
 */
export async function run(): Promise<void> {
  const pseudonyms = new Pseudonymizer('bench-secret-0123456789');
  const cipher = new Cipher(Buffer.alloc(32, 7));
  const ttl = { conversationTtlMs: 3_600_000, userTtlMs: 3_600_000 };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-stores-'));
  const sqlite = createSqliteStores(dir, { stateTtlMs: 3_600_000 });
  process.stdout.write(await stateBench('sqlite (embedded, WAL)', new PrivateStateStore(sqlite.state, pseudonyms, cipher, ttl)));
  process.stdout.write(await inboxBench('sqlite inbox', sqlite.inbox));
  process.stdout.write(await reachBench('sqlite reach (exact)', sqlite.reach));
  await sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });

  let client: Redis;
  try {
    client = await connectRedis(REDIS_URL, { connectWaitMs: 2_000 });
  } catch {
    process.stdout.write(`redis: skipped (nothing answers at ${REDIS_URL})\n`);
    return;
  }
  // The Redis ledger's daily copies need a record store: a fresh SQLite one here.
  const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-stores-'));
  const sqlite2 = createSqliteStores(dir2, { stateTtlMs: 3_600_000 });
  const prefix = `bdbench:${process.pid}:`;
  try {
    process.stdout.write(await stateBench(`redis ${REDIS_URL} (one connection)`, new PrivateStateStore(new RedisStateStore(client, prefix, 3_600_000), pseudonyms, cipher, ttl)));
    process.stdout.write(await inboxBench('redis inbox', new RedisInboxStore(client, `${prefix}i:`)));
    process.stdout.write(await reachBench('redis reach (HyperLogLog)', new RedisReachLedger(client, `${prefix}r:`, sqlite2.records)));
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await client.del(...keys);
    } while (cursor !== '0');
    await closeRedis(client);
    await sqlite2.close();
    fs.rmSync(dir2, { recursive: true, force: true });
  }
}

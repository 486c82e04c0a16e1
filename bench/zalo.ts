import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildRuntime } from '../src/compose';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { memoryMb, summarize } from './stats';

const APP_ID = '360846524940903967';
const OA_SECRET = 'bench-oa-secret';
/** [concurrent senders, events each] */
const LEVELS: Array<[number, number]> = [
  [1, 200],
  [10, 60],
  [50, 20],
];

type FromLoad =
  | { type: 'api'; url: string }
  | { type: 'level'; senders: number; seconds: number; acks: number[]; e2e: number[] }
  | { type: 'done' };

/**
 * Signed Zalo webhook events end to end: POST /webhooks/zalo (signature, parse, durable inbox,
 * 200) -> inbox worker -> bot turn on the embedded SQLite store -> CS message to a loopback
 * fake OA API. Senders and the fake API run in a worker thread (bench/zalo-load.ts); each sender
 * posts an event, waits until the fake API receives the reply that names it, then posts the next.
 * Figures: events per second, the webhook's answer time, the time until the reply left the bot.
 */
export async function run(): Promise<void> {
  const load = new Worker(path.join(__dirname, 'zalo-load.js'));
  const next = () => new Promise<FromLoad>((resolve) => load.once('message', resolve));
  const ready = (await next()) as Extract<FromLoad, { type: 'api' }>;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-zalo-'));
  const cfg = loadConfig({
    DATA_DIR: dir,
    CONTENT_DIR: path.resolve(__dirname, '..', '..', 'content'),
    LOG_LEVEL: 'silent',
    PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123',
    DATA_ENCRYPTION_KEY: '1f'.repeat(32),
    RATE_LIMIT_PER_MINUTE: '10000',
    ZALO_APP_ID: APP_ID,
    ZALO_APP_SECRET: 'bench-app-secret',
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_ACCESS_TOKEN: 'AT0',
    ZALO_REFRESH_TOKEN: 'RT0',
    ZALO_API_BASE: ready.url,
    ZALO_OAUTH_BASE: ready.url,
  });
  const rt = await buildRuntime(cfg, createLogger('silent'));
  const server = rt.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const learn = (rt.content.locales.vi.menu as Record<string, string>).learn!;
  load.postMessage({ webhook: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`, appId: APP_ID, oaSecret: OA_SECRET, learn, levels: LEVELS });
  for (;;) {
    const m = await next();
    if (m.type === 'done') break;
    if (m.type !== 'level') continue;
    process.stdout.write(
      `${m.senders} concurrent sender(s), ${m.acks.length} events: ${(m.acks.length / m.seconds).toFixed(0)} events/s end to end\n` +
        `  webhook answer: ${summarize(m.acks)}\n  until the reply left: ${summarize(m.e2e)}\n`,
    );
  }
  process.stdout.write(`${memoryMb()} (bot thread and load thread)\n`);
  server.close();
  server.closeAllConnections();
  await rt.close();
  await load.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
}

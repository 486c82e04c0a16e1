import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { zaloSignature } from '../src/channels/zalo/webhook';
import { buildRuntime } from '../src/compose';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { memoryMb, summarize } from './stats';

const APP_ID = '360846524940903967';
const OA_SECRET = 'bench-oa-secret';

/**
 * Signed Zalo webhook events end to end: POST /webhooks/zalo (signature, parse, durable inbox,
 * 200) -> inbox worker -> bot turn -> CS message to a loopback fake OA API. A sender posts an
 * event, waits until the fake API receives the reply that names it, then posts the next.
 * Figures: events per second, the webhook's answer time, and the time until the reply left.
 */
export async function run(): Promise<void> {
  const waiting = new Map<string, () => void>();
  const api = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v4/oa/access_token') {
        res.end(JSON.stringify({ access_token: 'AT-bench', refresh_token: 'RT-bench', expires_in: '90000' }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient: { message_id?: string } };
      res.end(JSON.stringify({ error: 0, message: 'Success', data: { message_id: 'x' } }));
      const done = body.recipient.message_id ? waiting.get(body.recipient.message_id) : undefined;
      if (done) {
        waiting.delete(body.recipient.message_id!);
        done();
      }
    });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

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
    ZALO_API_BASE: apiUrl,
    ZALO_OAUTH_BASE: apiUrl,
  });
  const rt = await buildRuntime(cfg, createLogger('silent'));
  const server = rt.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;

  let seq = 0;
  const send = async (user: string, text: string): Promise<{ ackMs: number; e2eMs: number }> => {
    const msgId = `bench${++seq}`;
    const raw = JSON.stringify({
      app_id: APP_ID,
      event_name: 'user_send_text',
      sender: { id: user },
      recipient: { id: '388613280878808645' },
      message: { text, msg_id: msgId },
      timestamp: String(Date.now()),
    });
    const ts = /"timestamp":"(\d+)"/.exec(raw)![1]!;
    const replied = new Promise<void>((resolve) => waiting.set(msgId, resolve));
    const start = performance.now();
    const res = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': zaloSignature(APP_ID, Buffer.from(raw), ts, OA_SECRET) },
      body: raw,
    });
    await res.arrayBuffer();
    const ackMs = performance.now() - start;
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await replied;
    return { ackMs, e2eMs: performance.now() - start };
  };

  const learn = (rt.content.locales.vi.menu as Record<string, string>).learn!;
  for (const [senders, perSender] of [[1, 200], [10, 60], [50, 20]] as const) {
    const users = Array.from({ length: senders }, (_, i) => `98765432109876${String(senders).padStart(2, '0')}${String(i).padStart(3, '0')}`);
    await Promise.all(users.map((u) => send(u, 'menu'))); // the welcome, once per resident
    const acks: number[] = [];
    const e2e: number[] = [];
    const start = performance.now();
    await Promise.all(
      users.map(async (u) => {
        for (let i = 0; i < perSender; i++) {
          const r = await send(u, i % 2 === 0 ? 'menu' : learn);
          acks.push(r.ackMs);
          e2e.push(r.e2eMs);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    process.stdout.write(
      `${senders} concurrent sender(s), ${acks.length} events: ${(acks.length / seconds).toFixed(0)} events/s end to end\n` +
        `  webhook answer: ${summarize(acks)}\n  until the reply left: ${summarize(e2e)}\n`,
    );
  }
  process.stdout.write(`${memoryMb()}\n`);
  server.close();
  server.closeAllConnections();
  await rt.close();
  api.close();
  api.closeAllConnections();
  fs.rmSync(dir, { recursive: true, force: true });
}

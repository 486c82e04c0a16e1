import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { summarize } from './stats';

/**
 * End to end through real server processes: signed Messenger webhooks in, replies out to a local
 * Graph API stand-in, measured from the POST to the last reply of each event. Compares the
 * embedded store (one process, SQLite) with Redis (one and two processes behind a round-robin
 * client). Also prints the webhook's own answer time (what Meta waits for) and each process's
 * memory. Traffic stays on 127.0.0.1.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const SECRET = 'bench-app-secret-0123456789';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1500);
const IN_FLIGHT = 32;
const TEXTS = ['menu', 'chồng không cho vợ đi làm có sao không', 'ck e hay chui e ngu co phai bao luc ko', 'help'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Counts Send API messages per recipient and calls back on each. */
class GraphStandIn {
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let psid = '';
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient?: { id?: string }; message?: unknown };
        if (body.message) psid = body.recipient?.id ?? '';
      } catch {
        /* not a send */
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(psid ? { recipient_id: psid, message_id: `m_${Math.random()}` } : { id: 'PAGE', name: 'bench' }));
      if (psid) this.onMessage(psid);
    });
  });
  onMessage: (psid: string) => void = () => undefined;
  port = 0;
  async start(): Promise<void> {
    this.port = await freePort();
    await new Promise<void>((r) => this.server.listen(this.port, '127.0.0.1', r));
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function startProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONTENT_DIR: path.join(ROOT, 'content'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench server did not start');
}

async function rssMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return m ? Number(m[1]) / 1048576 : NaN;
}

function body(psid: string, text: string, n: number): string {
  const now = Date.now();
  return JSON.stringify({
    object: 'page',
    entry: [{ id: '1', time: now, messaging: [{ sender: { id: psid }, recipient: { id: '1' }, timestamp: now, message: { mid: `m_bench_${psid}_${n}`, text } }] }],
  });
}

async function scenario(label: string, processes: number, redis: boolean): Promise<void> {
  const graph = new GraphStandIn();
  await graph.start();
  const prefix = `bdbench:${process.pid}:${label.replace(/\W+/g, '')}:`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-e2e-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123',
    DATA_ENCRYPTION_KEY: '0e'.repeat(32),
    RATE_LIMIT_PER_MINUTE: '10000',
    MESSENGER_APP_SECRET: SECRET,
    MESSENGER_VERIFY_TOKEN: 'bench',
    MESSENGER_PAGE_ACCESS_TOKEN: 'bench-token',
    MESSENGER_API_BASE: `http://127.0.0.1:${graph.port}/v25.0`,
    MESSENGER_SENDS_PER_SECOND: '300',
    ...(redis ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
  };
  const procs = await Promise.all(Array.from({ length: processes }, () => startProcess(env)));
  try {
    // How many messages each text gets back (one resident per text, one process).
    const expected = new Map<string, number>();
    const counts = new Map<string, number>();
    graph.onMessage = (psid) => counts.set(psid, (counts.get(psid) ?? 0) + 1);
    for (const [i, text] of TEXTS.entries()) {
      const psid = `warm${i}`;
      const raw = body(psid, text, 0);
      await fetch(`${procs[0]!.url}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}` }, body: raw });
      let last = -1;
      while (last !== (counts.get(psid) ?? 0) || last === 0) {
        last = counts.get(psid) ?? 0;
        await new Promise((r) => setTimeout(r, 300));
      }
      expected.set(text, last);
    }

    const load = async (events: number, paceMs: number, tag: string): Promise<string> => {
      const acks: number[] = [];
      const e2e: number[] = [];
      const sentAt = new Map<string, number>();
      const need = new Map<string, number>();
      let done = 0;
      let allDone: () => void = () => undefined;
      const finished = new Promise<void>((r) => (allDone = r));
      graph.onMessage = (psid) => {
        const left = (need.get(psid) ?? 0) - 1;
        need.set(psid, left);
        if (left === 0) {
          e2e.push(performance.now() - sentAt.get(psid)!);
          if (++done === events) allDone();
        }
      };
      const start = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: paceMs > 0 ? 1 : IN_FLIGHT }, async () => {
          while (next < events) {
            const n = next++;
            const psid = `${tag}${n}`;
            const text = TEXTS[n % TEXTS.length]!;
            need.set(psid, expected.get(text)!);
            const raw = body(psid, text, n);
            const sig = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
            const t = performance.now();
            sentAt.set(psid, t);
            const res = await fetch(`${procs[n % procs.length]!.url}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body: raw });
            acks.push(performance.now() - t);
            if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
            if (paceMs > 0) await new Promise((r) => setTimeout(r, Math.max(0, start + (n + 1) * paceMs - performance.now())));
          }
        }),
      );
      await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${done}/${events} answered`)), 120_000))]);
      const seconds = (performance.now() - start) / 1000;
      return paceMs > 0
        ? `  at ${(1000 / paceMs).toFixed(0)} events/s (${events} events): webhook answer ${summarize(acks)}\n    to last reply ${summarize(e2e)}\n`
        : `  saturated: ${(events / seconds).toFixed(0)} events/s end to end (${events} events, ${IN_FLIGHT} webhooks in flight)\n` +
            `    webhook answer: ${summarize(acks)}\n    to last reply:  ${summarize(e2e)}\n`;
    };
    let out = `${label}\n`;
    out += await load(Math.min(300, EVENTS), 40, 'p');
    out += await load(EVENTS, 0, 's');
    const mem = await Promise.all(procs.map((p) => rssMb(p.url)));
    process.stdout.write(`${out}  memory: ${mem.map((m) => `${m.toFixed(0)} MB`).join(', ')} rss per process\n`);
  } finally {
    await Promise.all(procs.map((p) => new Promise((r) => (p.child.once('exit', r), p.child.kill('SIGTERM')))));
    await graph.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (redis) {
      const r = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [c, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = c;
        if (keys.length) await r.del(...keys);
      } while (cursor !== '0');
      r.disconnect();
    }
  }
}

export async function run(): Promise<void> {
  process.stdout.write(`texts: ${TEXTS.map((t) => JSON.stringify(t)).join(', ')}; ${os.cpus().length} CPU cores shared by everything\n`);
  await scenario('embedded (SQLite), 1 process', 1, false);
  const redisUp = await new Promise<boolean>((resolve) => {
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    r.connect().then(() => (r.disconnect(), resolve(true)), () => (r.disconnect(), resolve(false)));
  });
  if (!redisUp) {
    process.stdout.write(`redis: skipped (nothing answers at ${REDIS_URL})\n`);
    return;
  }
  await scenario('redis, 1 process', 1, true);
  await scenario('redis, 2 processes', 2, true);
}

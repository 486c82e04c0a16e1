import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { summarize } from './stats';

/**
 * Signed Messenger webhook events end to end: POST to the bot's webhook (its own process, as
 * deployed: embedded SQLite, durable inbox, the real bot and content) and out to a loopback fake
 * Graph API in this process. Latency is from the POST leaving here to the Send API call arriving
 * here, at 1, 10 and 50 concurrent senders, each sending its next message once the reply to the
 * last has come. The same figures for the floor (bench/messenger-floor.ts: verify the signature,
 * answer 200, post one reply) show what the bot costs on top of HTTP and HMAC alone.
 */

const SECRET = 'bench-app-secret-0123456789';
const TOKEN = 'bench-page-token';
const SCRIPT = ['chồng không cho vợ đi làm có sao không', 'menu', 'ck e hay chui e ngu co phai bao luc ko', 'cách nấu phở bò'];

class FakeGraph {
  private readonly arrivals = new Map<string, number[]>();
  private readonly waiters = new Map<string, Array<{ n: number; resolve: () => void }>>();
  readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      let psid = '';
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient?: { id?: string }; message?: unknown };
        if (body.message) psid = body.recipient?.id ?? '';
      } catch {
        /* GET /me has no body */
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(psid ? `{"recipient_id":"${psid}","message_id":"m_${at}"}` : '{"id":"PAGE"}');
      if (!psid) return;
      const list = this.arrivals.get(psid) ?? [];
      list.push(at);
      this.arrivals.set(psid, list);
      const waiting = this.waiters.get(psid) ?? [];
      this.waiters.set(psid, waiting.filter((w) => (list.length >= w.n ? (w.resolve(), false) : true)));
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v25.0`;
  }

  /** Resolves with the arrival time of the n-th reply (1-based) to `psid`. */
  async nth(psid: string, n: number): Promise<number> {
    const list = this.arrivals.get(psid) ?? [];
    if (list.length < n) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply ${n} for ${psid} within 30 s`)), 30_000);
        const w = { n, resolve: () => (clearTimeout(timer), resolve()) };
        this.waiters.set(psid, [...(this.waiters.get(psid) ?? []), w]);
      });
    }
    return this.arrivals.get(psid)![n - 1]!;
  }

  count(psid: string): number {
    return this.arrivals.get(psid)?.length ?? 0;
  }
}

function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}/webhooks/messenger` });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    setTimeout(() => reject(new Error(`${script} did not say its port within 30 s`)), 30_000).unref();
  });
}

let mid = 0;
async function post(url: string, psid: string, text: string): Promise<number> {
  const raw = JSON.stringify({
    object: 'page',
    entry: [{ id: 'PAGE', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: 'PAGE' }, timestamp: Date.now(), message: { mid: `m_${++mid}_${psid}`, text } }] }],
  });
  const sig = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body: raw });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  return t0;
}

/** Replies each input gets from a resident the bot has already greeted (calibrated once). */
async function calibrate(fake: FakeGraph, url: string, psid: string): Promise<{ first: number; perInput: number[] }> {
  const settle = async () => {
    let last = -1;
    while (fake.count(psid) !== last) {
      last = fake.count(psid);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  await post(url, psid, 'menu');
  await settle();
  const first = fake.count(psid);
  const perInput: number[] = [];
  for (const text of SCRIPT) {
    const before = fake.count(psid);
    await post(url, psid, text);
    await settle();
    perInput.push(fake.count(psid) - before);
  }
  return { first, perInput };
}

async function level(fake: FakeGraph, url: string, name: string, senders: number, perSender: number, replies: { first: number; perInput: number[] }): Promise<string> {
  const latencies: number[] = [];
  const tag = randomBytes(3).toString('hex');
  // Each sender is greeted first (not measured), as a returning resident would have been.
  const psids = Array.from({ length: senders }, (_, i) => `${name}-${tag}-${senders}-${i}`);
  await Promise.all(
    psids.map(async (p) => {
      await post(url, p, 'menu');
      await fake.nth(p, replies.first);
    }),
  );
  const began = performance.now();
  await Promise.all(
    psids.map(async (psid) => {
      let expected = replies.first;
      for (let i = 0; i < perSender; i++) {
        const k = i % SCRIPT.length;
        const t0 = await post(url, psid, SCRIPT[k]!);
        const arrived = await fake.nth(psid, expected + 1);
        latencies.push(arrived - t0);
        expected += replies.perInput[k]!;
        await fake.nth(psid, expected);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  return `${name.padEnd(5)} ${String(senders).padStart(2)} senders: ${(latencies.length / seconds).toFixed(0).padStart(5)} events/s  POST -> Send API ${summarize(latencies)}`;
}

export async function run(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const fake = new FakeGraph();
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.server.keepAliveTimeout = 10_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-msgr-'));
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    // The bot says its port in the info line it logs once listening; little else is logged at info.
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    CONTENT_DIR: path.join(root, 'content'),
    PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123456789',
    DATA_ENCRYPTION_KEY: '1f'.repeat(32),
    RATE_LIMIT_PER_MINUTE: '10000',
    MESSENGER_APP_SECRET: SECRET,
    MESSENGER_VERIFY_TOKEN: 'bench-verify',
    MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
    MESSENGER_API_BASE: fake.url,
  };
  const bot = await start(path.join(root, 'dist', 'src', 'main.js'), env);
  const floor = await start(path.join(__dirname, 'messenger-floor.js'), env);
  try {
    const botReplies = await calibrate(fake, bot.url, 'calibration-bot');
    const floorReplies = { first: 1, perInput: SCRIPT.map(() => 1) };
    process.stdout.write(
      `bot in its own process (embedded SQLite, inbox, sends throttled at 250/s); a greeted resident's turn makes ${botReplies.perInput.join('/')} Send API call(s) for: ${SCRIPT.map((s) => `"${s.slice(0, 18)}…"`).join(', ')}\n`,
    );
    for (const senders of [1, 10, 50]) {
      const perSender = Math.max(4, Math.ceil(400 / senders));
      process.stdout.write(`${await level(fake, floor.url, 'floor', senders, perSender, floorReplies)}\n`);
      process.stdout.write(`${await level(fake, bot.url, 'bot', senders, perSender, botReplies)}\n`);
    }
    const dbBytes = fs.readdirSync(dataDir).reduce((n, f) => n + fs.statSync(path.join(dataDir, f)).size, 0);
    process.stdout.write(`database after the run: ${(dbBytes / 1024).toFixed(0)} KiB\n`);
  } finally {
    bot.child.kill('SIGTERM');
    floor.child.kill('SIGTERM');
    fake.server.closeAllConnections();
    fake.server.close();
  }
}

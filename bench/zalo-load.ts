import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { zaloSignature } from '../src/channels/zalo/webhook';

/**
 * The other side of bench/zalo.ts, in its own thread so that its timings do not wait on the
 * bot's event loop: a loopback fake OA API (and OAuth endpoint) plus the senders that sign and
 * post webhook events. Messages: {type:'api', url} once listening; {type:'level', …} per level.
 */
interface Job {
  webhook: string;
  appId: string;
  oaSecret: string;
  learn: string;
  levels: Array<[number, number]>;
}

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
    const id = body.recipient.message_id;
    const done = id ? waiting.get(id) : undefined;
    if (done) {
      waiting.delete(id!);
      done();
    }
  });
});

api.listen(0, '127.0.0.1', () => {
  parentPort!.postMessage({ type: 'api', url: `http://127.0.0.1:${(api.address() as AddressInfo).port}` });
});

parentPort!.on('message', (job: Job) => void drive(job));

async function drive(job: Job): Promise<void> {
  let seq = 0;
  const send = async (user: string, text: string): Promise<{ ackMs: number; e2eMs: number }> => {
    const msgId = `bench${++seq}`;
    const ts = String(Date.now());
    const raw = JSON.stringify({
      app_id: job.appId,
      event_name: 'user_send_text',
      sender: { id: user },
      recipient: { id: '388613280878808645' },
      message: { text, msg_id: msgId },
      timestamp: ts,
    });
    const replied = new Promise<void>((resolve) => waiting.set(msgId, resolve));
    const start = performance.now();
    const res = await fetch(job.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': zaloSignature(job.appId, Buffer.from(raw), ts, job.oaSecret) },
      body: raw,
    });
    await res.arrayBuffer();
    const ackMs = performance.now() - start;
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await replied;
    return { ackMs, e2eMs: performance.now() - start };
  };
  for (const [senders, perSender] of job.levels) {
    const users = Array.from({ length: senders }, (_, i) => `98765432109876${String(senders).padStart(2, '0')}${String(i).padStart(3, '0')}`);
    await Promise.all(users.map((u) => send(u, 'menu'))); // the welcome, once per resident
    const acks: number[] = [];
    const e2e: number[] = [];
    const start = performance.now();
    await Promise.all(
      users.map(async (u) => {
        for (let i = 0; i < perSender; i++) {
          const r = await send(u, i % 2 === 0 ? 'menu' : job.learn);
          acks.push(r.ackMs);
          e2e.push(r.e2eMs);
        }
      }),
    );
    parentPort!.postMessage({ type: 'level', senders, seconds: (performance.now() - start) / 1000, acks, e2e });
  }
  parentPort!.postMessage({ type: 'done' });
  api.close();
  api.closeAllConnections();
}

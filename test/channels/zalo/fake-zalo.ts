import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One CS send as the fake OA API received it. */
export interface RecordedSend {
  token: string;
  recipient: { user_id?: string; message_id?: string };
  message: {
    text?: string;
    attachment?: { type: string; payload: { buttons?: Array<{ title: string; type: string; payload: unknown }> } };
  };
  at: number;
}

export interface RecordedRefresh {
  secretKey: string;
  form: Record<string, string>;
  at: number;
}

export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

/**
 * A local stand-in for Zalo's OA API and OAuth server: a real HTTP server on 127.0.0.1 with a
 * random port. It behaves as the reference describes (channels.md §A3, §A4): errors with HTTP 200
 * and `error != 0`, access tokens checked on every send, refresh tokens valid once. It records
 * what it received, and tests script answers and delays.
 */
export class FakeZalo {
  readonly sends: RecordedSend[] = [];
  readonly refreshes: RecordedRefresh[] = [];
  /** Answers for the next sends, in order, before normal behaviour. */
  readonly sendScript: ScriptedAnswer[] = [];
  /** Answers for the next refreshes, in order. */
  readonly refreshScript: ScriptedAnswer[] = [];
  /** Every send waits this long before answering. */
  sendDelayMs = 0;
  readonly validAccess = new Set<string>();
  readonly validRefresh = new Set<string>();
  appSecret = 'app-secret-test';
  private issued = 1;
  private server?: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  constructor(seed: { accessToken: string; refreshToken: string } = { accessToken: 'AT1', refreshToken: 'RT1' }) {
    this.validAccess.add(seed.accessToken);
    this.validRefresh.add(seed.refreshToken);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Sends to one resident, by user id or by a message id of theirs (replies name the message). */
  sendsTo(userId: string, msgIds: string[] = []): RecordedSend[] {
    return this.sends.filter((s) => s.recipient.user_id === userId || (s.recipient.message_id !== undefined && msgIds.includes(s.recipient.message_id)));
  }

  /** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('fake zalo: condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** A delay that close() cancels, so a test never waits on an answer nobody will read. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') {
      const token = String(req.headers['access_token'] ?? '');
      const body = JSON.parse(raw) as Pick<RecordedSend, 'recipient' | 'message'>;
      this.sends.push({ token, recipient: body.recipient, message: body.message, at: Date.now() });
      const scripted = this.sendScript.shift();
      const delay = scripted?.delayMs ?? this.sendDelayMs;
      if (delay > 0) await this.sleep(delay);
      if (scripted?.body !== undefined || scripted?.status !== undefined) return answer(scripted.status ?? 200, scripted.body ?? {});
      if (!this.validAccess.has(token)) return answer(200, { error: -216, message: 'Access token is invalid' });
      return answer(200, {
        error: 0,
        message: 'Success',
        data: { message_id: `oa-msg-${this.sends.length}`, user_id: body.recipient.user_id ?? 'from-message', quota: { quota_type: 'reply' } },
      });
    }
    if (req.method === 'POST' && req.url === '/v4/oa/access_token') {
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.refreshes.push({ secretKey: String(req.headers['secret_key'] ?? ''), form, at: Date.now() });
      const scripted = this.refreshScript.shift();
      if (scripted?.delayMs) await this.sleep(scripted.delayMs);
      if (scripted?.body !== undefined || scripted?.status !== undefined) return answer(scripted.status ?? 200, scripted.body ?? {});
      if (req.headers['secret_key'] !== this.appSecret || form.grant_type !== 'refresh_token') {
        return answer(200, { error: -14002, error_name: 'Invalid app secret' });
      }
      const rt = form.refresh_token ?? '';
      if (!this.validRefresh.delete(rt)) return answer(200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh token is invalid or was used' });
      this.issued++;
      const pair = { access_token: `AT${this.issued}`, refresh_token: `RT${this.issued}`, expires_in: '90000' };
      this.validAccess.add(pair.access_token);
      this.validRefresh.add(pair.refresh_token);
      return answer(200, pair);
    }
    answer(404, { error: 'not_found' });
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Graph API received. */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The `access_token` query parameter. */
  token?: string;
  body: any;
  /** When the request arrived (performance.now()). */
  at: number;
  /** The status the fake answered with, once it did; undefined while held or if the caller went away. */
  status?: number;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (until `releaseHeld` or the caller disconnects). */
  hold?: boolean;
}

/** Decides the answer to the n-th request (0-based, all paths counted). Undefined: a normal success. */
export type Script = (req: Recorded, n: number) => Reply | undefined;

/**
 * A local Graph API: a real HTTP server on 127.0.0.1 (random port) that records what it is sent
 * and answers as scripted (errors, delays, holding a reply). Successful sends get a message id;
 * GET /me answers a page id; the profile endpoint keeps what was posted.
 */
export class FakeGraph {
  readonly requests: Recorded[] = [];
  profile: Record<string, unknown> = {};
  private script: Script = () => undefined;
  private readonly server: http.Server;
  private readonly held: Array<() => void> = [];
  private listeners: Array<() => void> = [];
  private n = 0;

  private constructor() {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  static async start(): Promise<FakeGraph> {
    const f = new FakeGraph();
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    return f;
  }

  /** The MESSENGER_API_BASE to give the bot. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v25.0`;
  }

  respond(script: Script): void {
    this.script = script;
  }

  /** Send API calls that carried a message (not sender actions). */
  messages(): Recorded[] {
    return this.requests.filter((r) => r.path === '/v25.0/me/messages' && r.body?.message);
  }

  /** Messages the fake accepted (answered 2xx): what the resident would see. */
  delivered(): Recorded[] {
    return this.messages().filter((r) => r.status !== undefined && r.status < 300);
  }

  /** Resolves when `pred` holds (checked on every request and answer), or rejects after `ms`. */
  async waitFor(pred: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    if (pred()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`fake Graph API: timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  releaseHeld(): void {
    this.held.splice(0).forEach((release) => release());
  }

  async close(): Promise<void> {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = Buffer.concat(chunks).toString('utf8');
    const rec: Recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      token: url.searchParams.get('access_token') ?? undefined,
      body: raw ? JSON.parse(raw) : undefined,
      at: performance.now(),
    };
    this.requests.push(rec);
    const reply = this.script(rec, this.n++) ?? {};
    this.notify();
    const answer = () => {
      if (res.destroyed) return;
      const status = reply.status ?? 200;
      const body = reply.body ?? this.defaultBody(rec);
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(body), () => {
        rec.status = status;
        this.notify();
      });
    };
    if (reply.hold) {
      this.held.push(answer);
      return;
    }
    if (reply.delayMs) setTimeout(answer, reply.delayMs);
    else answer();
  }

  private defaultBody(rec: Recorded): unknown {
    if (rec.path.endsWith('/me/messages')) return { recipient_id: rec.body?.recipient?.id, message_id: `m_${this.requests.length}` };
    if (rec.path.endsWith('/me/messenger_profile')) {
      if (rec.method === 'POST') {
        this.profile = { ...this.profile, ...(rec.body as object) };
        return { result: 'success' };
      }
      const fields = (rec.query.fields ?? '').split(',');
      return { data: [Object.fromEntries(Object.entries(this.profile).filter(([k]) => fields.includes(k)))] };
    }
    if (rec.path.endsWith('/me')) return { id: 'PAGE_ID', name: 'Test page' };
    return {};
  }
}

/** A Graph error body as Meta sends it. */
export function graphError(code: number, subcode?: number, extra: object = {}): unknown {
  return { error: { message: 'error', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'Axyz', ...extra } };
}

import { createHmac } from 'node:crypto';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics';
import type { SendBody } from './render';
import { SendThrottle } from './send-throttle';

/**
 * Why a Graph API call failed, as the caller needs to act on it (channels.md B3 error table,
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes):
 * - token: the page token is invalid or expired (190): nothing will work until it is replaced;
 * - permission: the app lacks a permission (10, 200): a setup problem, also for the operator;
 * - window: outside the 24 h reply window (10/2018278); unavailable: the person cannot be reached
 *   (551); restricted: the Page may not send for now (10/1893063): permanent for this message;
 * - rate, transient: 429, 5xx, timeouts, codes 1, 2, 4, 17, 32, 613, 1200: retried with backoff;
 * - invalid: anything else the API refused (a bug on our side): not retried.
 */
export type GraphFailureKind = 'token' | 'permission' | 'window' | 'unavailable' | 'restricted' | 'rate' | 'transient' | 'invalid';

/** A failed Graph API call. Its message holds codes only, never what was sent. */
export class GraphApiError extends AppError {
  constructor(
    readonly kind: GraphFailureKind,
    readonly retryable: boolean,
    readonly status: number | undefined,
    readonly graphCode: number | undefined,
    readonly subcode: number | undefined,
  ) {
    super(kind === 'token' || kind === 'permission' ? 'CHANNEL_AUTH_FAILED' : 'CHANNEL_SEND_FAILED', `Graph API ${kind}: status ${status ?? '-'} code ${graphCode ?? '-'}/${subcode ?? '-'}`);
    this.name = 'GraphApiError';
  }

  private transport?: 'timeout' | 'network';

  /** Marks a failure that got no HTTP answer at all. */
  withLabel(transport: 'timeout' | 'network'): this {
    this.transport = transport;
    return this;
  }

  /** The metrics label: the Graph error code, else the HTTP status, else timeout/network. */
  get label(): string {
    return this.transport ?? String(this.graphCode ?? this.status ?? this.kind);
  }
}

export interface MessengerClientOptions {
  /** For example https://graph.facebook.com/v25.0 (MESSENGER_API_BASE). */
  apiBase: string;
  pageAccessToken: string;
  /** When set, every call carries `appsecret_proof` (needed if the app requires it; harmless otherwise). */
  appSecret?: string;
  /** Send API calls per second, below the Page's 300/s. */
  sendsPerSecond?: number;
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const RATE_CODES = new Set([4, 17, 32, 613, 80006]);
const TRANSIENT_CODES = new Set([1, 2, 1200]);

interface GraphErrorBody {
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
}

/**
 * The Graph API as the Messenger channel uses it: the Send API (throttled, retried with
 * exponential backoff and jitter, bounded), the Messenger Profile API (never retried: its limit
 * is 10 calls in 10 minutes) and a token check. It remembers whether Meta rejected the page
 * token, for /readyz.
 */
export class MessengerClient {
  private readonly opts: Required<Omit<MessengerClientOptions, 'appSecret'>> & { appSecret?: string };
  private readonly throttle: SendThrottle;
  private readonly proof?: string;
  private authProblem?: GraphApiError;

  constructor(
    options: MessengerClientOptions,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.opts = { sendsPerSecond: 250, timeoutMs: 10_000, maxAttempts: 4, baseDelayMs: 400, maxDelayMs: 8_000, ...options };
    this.throttle = new SendThrottle(this.opts.sendsPerSecond);
    if (options.appSecret) this.proof = createHmac('sha256', options.appSecret).update(options.pageAccessToken).digest('hex');
  }

  /**
   * Sends one message or sender action; resolves with Meta's message id. `retry: false` for
   * courtesies such as the typing indicator, which must never hold a reply back.
   */
  async send(body: SendBody, how: { retry?: boolean } = {}): Promise<{ messageId?: string }> {
    const res = (await this.call('POST', '/me/messages', {}, body, { retry: how.retry ?? true, throttle: true })) as { message_id?: string } | undefined;
    return { messageId: res?.message_id };
  }

  /** GET /me/messenger_profile with the given fields. */
  async getProfile(fields: string[]): Promise<unknown> {
    return this.call('GET', '/me/messenger_profile', { fields: fields.join(',') }, undefined, { retry: false, throttle: false });
  }

  /** POST /me/messenger_profile. Not retried: the Profile API allows 10 calls per 10 minutes. */
  async setProfile(doc: object): Promise<void> {
    await this.call('POST', '/me/messenger_profile', {}, doc, { retry: false, throttle: false });
  }

  /** Asks Meta whether the page token works (GET /me); a rejection shows on /readyz. */
  async checkToken(): Promise<void> {
    await this.call('GET', '/me', { fields: 'id' }, undefined, { retry: false, throttle: false });
  }

  /** Undefined while the token works (or nothing says otherwise); the failure once Meta rejected it. */
  get authFailure(): GraphApiError | undefined {
    return this.authProblem;
  }

  private async call(method: 'GET' | 'POST', path: string, query: Record<string, string>, body: unknown, how: { retry: boolean; throttle: boolean }): Promise<unknown> {
    const url = new URL(this.opts.apiBase + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.searchParams.set('access_token', this.opts.pageAccessToken);
    if (this.proof) url.searchParams.set('appsecret_proof', this.proof);
    const attempts = how.retry ? this.opts.maxAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      if (how.throttle) await this.throttle.take();
      const outcome = await this.once(method, url, body);
      if (outcome.ok) {
        this.authProblem = undefined;
        this.count('ok', String(outcome.status));
        return outcome.body;
      }
      const err = outcome.error;
      if (err.kind === 'token' || err.kind === 'permission') this.authProblem = err;
      if (!err.retryable || attempt >= attempts) {
        this.count('failed', err.label);
        const log = err.kind === 'token' || err.kind === 'permission' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log({ path, status: err.status, code: err.graphCode, subcode: err.subcode, kind: err.kind, attempt }, 'messenger: Graph API call failed');
        throw err;
      }
      const delay = this.backoff(attempt, outcome.retryAfterMs);
      this.count('retried', err.label);
      this.logger.warn({ path, status: err.status, code: err.graphCode, subcode: err.subcode, kind: err.kind, attempt, retryInMs: delay }, 'messenger: Graph API call failed, retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private async once(method: string, url: URL, body: unknown): Promise<{ ok: true; status: number; body: unknown } | { ok: false; error: GraphApiError; retryAfterMs?: number }> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      // A DOMException: not always `instanceof Error` across realms, so read its name.
      const name = (err as { name?: unknown } | undefined)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { ok: false, error: new GraphApiError('transient', true, undefined, undefined, undefined).withLabel(timedOut ? 'timeout' : 'network') };
    }
    let parsed: unknown;
    try {
      const text = await res.text();
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.ok) return { ok: true, status: res.status, body: parsed };
    const graph = (parsed as { error?: GraphErrorBody } | undefined)?.error;
    const retryAfter = Number(res.headers.get('retry-after'));
    return { ok: false, error: classify(res.status, graph), retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined };
  }

  /** Exponential backoff with jitter (half to full of the step), or what Retry-After asks, capped. */
  private backoff(attempt: number, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined) return Math.min(this.opts.maxDelayMs, retryAfterMs);
    const step = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step * (0.5 + Math.random() / 2));
  }

  private count(outcome: 'ok' | 'retried' | 'failed', code: string): void {
    this.metrics?.outbound.inc({ channel: 'messenger', outcome, code });
  }
}

/** What a Graph error response means for the caller (see GraphFailureKind). */
export function classify(status: number, err: GraphErrorBody | undefined): GraphApiError {
  const code = typeof err?.code === 'number' ? err.code : undefined;
  const sub = typeof err?.error_subcode === 'number' ? err.error_subcode : undefined;
  const make = (kind: GraphFailureKind, retryable: boolean) => new GraphApiError(kind, retryable, status, code, sub);
  if (code === 190 || (code === undefined && status === 401)) return make('token', false);
  if (code === 10 && sub === 2018278) return make('window', false);
  if (code === 10 && sub === 1893063) return make('restricted', false);
  if (code === 551) return make('unavailable', false);
  if (code === 10 || code === 200) return make('permission', false);
  if ((code !== undefined && RATE_CODES.has(code)) || status === 429) return make('rate', true);
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || err?.is_transient === true || status >= 500) return make('transient', true);
  return make('invalid', false);
}

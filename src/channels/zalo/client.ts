import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics';
import { ZaloCodes, ZaloRetryableError } from './errors';
import type { ZaloMessage } from './render';
import type { RefreshOutcome } from './tokens';

/** Who a CS message goes to: the resident, or the resident's message being answered. */
export type Recipient = { user_id: string } | { message_id: string };

export type SendOutcome =
  | { ok: true; messageId?: string }
  /** Permanent for this message: logged with its code, counted, never retried. */
  | { ok: false; code: string; undeliverable: boolean };

/** Where access tokens come from (tokens.ts); an interface so the client can be tested alone. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  rejected(token: string): Promise<RefreshOutcome>;
}

export interface ZaloClientOptions {
  apiBase: string;
  timeoutMs: number;
  tokens: AccessTokenSource;
  logger: Logger;
  metrics: Metrics;
  fetch?: typeof fetch;
  /** Quick retries of a network error or a Zalo 5xx inside one send. */
  transientRetries?: number;
  /** Waits on -32 (rate limited) before the send is handed back to the inbox. */
  rateLimitRetries?: number;
  /** First wait after a network error or a 5xx; doubles each time, with jitter. Short: the inbox retries for longer. */
  backoffMs?: number;
  /** First wait after -32 or HTTP 429; doubles each time, with jitter. */
  rateLimitBackoffMs?: number;
}

const CHANNEL = 'zalo';
/** HTTP statuses without a Zalo code are reported as codes below this (-100400 for a 400). */
const HTTP_CODE_BASE = -100_000;

/**
 * Consultation (CS) messages: `POST {ZALO_API_BASE}/v3.0/oa/message/cs` with the bare
 * `access_token` header (channels.md §A3). Zalo answers HTTP 200 for its own errors, so the
 * body's `error` decides: 0 is delivered; an expired token is refreshed and the send tried once
 * more; -32 waits and tries again; window, follower and quota errors are permanent for the
 * message; transport failures are retried briefly, then thrown for the inbox to retry later.
 */
export class ZaloClient {
  private readonly doFetch: typeof fetch;
  /** A 429/-32 pauses every send of this process, not just the one that met it. */
  private pausedUntil = 0;
  /** Whether replies may name the resident's message (see `send`); turned off if Zalo refuses it. */
  private replyByMessageId = true;

  constructor(private readonly opts: ZaloClientOptions) {
    this.doFetch = opts.fetch ?? fetch;
  }

  /**
   * Sends one message. `recipient` may be `{message_id}`: Zalo's help centre counts a send that
   * names the resident's message as a reply (free, within the 48 h reply quota) and one with a
   * bare user id as a proactive message (UNCONFIRMED, channels.md §A5). If Zalo refuses that
   * form, the send is repeated with `{user_id}` once and the form is not used again.
   */
  async send(recipient: Recipient, message: ZaloMessage, userId: string): Promise<SendOutcome> {
    let to: Recipient = 'message_id' in recipient && !this.replyByMessageId ? { user_id: userId } : recipient;
    let refreshed = false;
    let transient = 0;
    let limited = 0;
    for (;;) {
      await this.waitForPause();
      let token: string;
      try {
        token = await this.opts.tokens.accessToken();
      } catch (err) {
        this.count('failed', 'token_unavailable');
        throw err;
      }
      const answer = await this.post(token, { recipient: to, message });
      if (answer.kind === 'transport') {
        if (transient++ < (this.opts.transientRetries ?? 2)) {
          this.count('retried', answer.code);
          await sleep(jittered(this.opts.backoffMs ?? 300, transient));
          continue;
        }
        this.count('failed', answer.code);
        throw new ZaloRetryableError(answer.code, `zalo: send failed (${answer.code})`);
      }
      const code = answer.code;
      if (code === 0) {
        this.count('ok', '0');
        return { ok: true, messageId: answer.messageId };
      }
      if (ZaloCodes.expiredToken.has(code) && !refreshed) {
        refreshed = true;
        this.count('retried', String(code));
        const outcome = await this.opts.tokens.rejected(token);
        if (outcome === 'refreshed') continue;
        this.count('failed', String(code));
        throw new ZaloRetryableError(String(code), `zalo: access token rejected and no new one (${outcome})`);
      }
      if (code === ZaloCodes.rateLimited) {
        if (limited++ < (this.opts.rateLimitRetries ?? 3)) {
          this.count('retried', String(code));
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + jittered(this.opts.rateLimitBackoffMs ?? 2000, limited));
          continue;
        }
        this.count('failed', String(code));
        throw new ZaloRetryableError(String(code), 'zalo: still rate limited (-32)');
      }
      if ('message_id' in to && !ZaloCodes.undeliverable.has(code) && !ZaloCodes.expiredToken.has(code)) {
        // Perhaps the reply form itself is refused: try the plain form once before giving up.
        this.count('retried', String(code));
        to = { user_id: userId };
        const retry = await this.send(to, message, userId);
        if (retry.ok) {
          this.replyByMessageId = false;
          this.opts.logger.warn({ code }, 'zalo: replies naming the resident\'s message are refused; sending by user id from now on');
        }
        return retry;
      }
      const undeliverable = ZaloCodes.undeliverable.has(code);
      const label = code <= HTTP_CODE_BASE ? `http_${HTTP_CODE_BASE - code}` : String(code);
      this.count('failed', label);
      this.opts.logger.warn({ code: label, undeliverable }, undeliverable ? 'zalo: message not delivered: outside what Zalo allows (window, follow, quota)' : 'zalo: message refused by Zalo');
      return { ok: false, code: label, undeliverable };
    }
  }

  private async post(
    token: string,
    body: { recipient: Recipient; message: ZaloMessage },
  ): Promise<{ kind: 'transport'; code: string } | { kind: 'answer'; code: number; messageId?: string }> {
    let res: Response;
    try {
      res = await this.doFetch(`${this.opts.apiBase}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { access_token: token, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      return { kind: 'transport', code: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429) return { kind: 'answer', code: ZaloCodes.rateLimited };
    if (res.status >= 500) return { kind: 'transport', code: `http_${res.status}` };
    let parsed: { error?: unknown; data?: { message_id?: unknown } } | undefined;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object') return { kind: 'transport', code: res.status >= 400 ? `http_${res.status}` : 'bad_response' };
    const code = Number(parsed.error ?? (res.status >= 400 ? NaN : 0));
    // An HTTP error without a Zalo code: permanent, counted under its status.
    if (!Number.isFinite(code)) return { kind: 'answer', code: HTTP_CODE_BASE - res.status };
    const messageId = parsed.data?.message_id;
    return { kind: 'answer', code, messageId: typeof messageId === 'string' ? messageId : undefined };
  }

  private async waitForPause(): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await sleep(wait);
  }

  private count(outcome: 'ok' | 'retried' | 'failed', code: string): void {
    this.opts.metrics.outbound.inc({ channel: CHANNEL, outcome, code });
  }
}

function jittered(baseMs: number, attempt: number): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

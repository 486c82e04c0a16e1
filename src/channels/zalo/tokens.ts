import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { Cipher, Pseudonymizer } from '../../privacy/crypto';
import type { RecordStore, StateStore } from '../../stores/ports';
import { ZaloTokenUnavailableError } from './errors';
import { type OAuthOptions, refreshAccessToken } from './oauth';
import { type LoadedTokens, type TokenFailure, type TokenPair, TokenRecord, type ZaloTokenDoc } from './token-record';

export { TOKENS_COLLECTION, TOKENS_ID, type ZaloTokenDoc } from './token-record';

/**
 * The OA's tokens, kept so that the bot never loses the only valid refresh token.
 *
 * Zalo's refresh token is single-use and rotates on every refresh (channels.md §A4, §4.6), so:
 * - the new pair is written to the RecordStore (sealed) with a conditional replace BEFORE it is
 *   used: a crash after the refresh still finds it;
 * - one process refreshes at a time (a lock in the StateStore); the others wait for the record
 *   to change and take the result;
 * - a refusal is remembered in the record, so no process spends calls on a dead token (a
 *   restarted process tries once more: a restart is what an admin does after fixing things).
 * Access tokens live about 25 h: the pair is refreshed from 80% of that, by a timer, so the
 * refresh token rotates daily even when nobody writes (it would die after 3 months otherwise).
 */
const LOCK_KEY = 'zalo/token-refresh';

export type RefreshOutcome = 'refreshed' | 'transient' | 'refused';

export interface TokenOptions {
  lockTtlMs: number;
  /** How long a process waits for another's refresh before giving up for now. */
  waitMs: number;
  pollMs: number;
  /** How long a read of the record is trusted before reading it again. */
  cacheMs: number;
  checkEveryMs: number;
  /** Refreshes this process may start within `burstWindowMs` (a guard against refresh loops). */
  burstLimit: number;
  burstWindowMs: number;
}

export const DEFAULT_TOKEN_OPTIONS: TokenOptions = {
  lockTtlMs: 30_000,
  waitMs: 30_000,
  pollMs: 50,
  cacheMs: 30_000,
  checkEveryMs: 5 * 60_000,
  burstLimit: 3,
  burstWindowMs: 15 * 60_000,
};

export interface TokenDeps {
  records: RecordStore;
  state: StateStore;
  cipher: Cipher;
  pseudonyms: Pseudonymizer;
  oauth: OAuthOptions;
  logger: Logger;
  now?: () => number;
  options?: Partial<TokenOptions>;
}

const ADMIN_ACTION =
  'An OA admin must grant the app access again: in Zalo for Developers open the app, API Explorer (or the OAuth consent link), ' +
  'create a new OA access token and refresh token, set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN, and restart the bot (README: "Connect a Zalo OA").';

export class ZaloTokens {
  private readonly opts: TokenOptions;
  private readonly owner = `tok-${randomUUID()}`;
  private readonly now: () => number;
  private cached?: LoadedTokens;
  private inflight?: Promise<RefreshOutcome>;
  /** An access token Zalo rejected and that could not be replaced: sends stop asking Zalo. */
  private deadAccess?: string;
  private retryRefusedOnce = false;
  private unreadable = false;
  private recentRefreshes: number[] = [];
  private timer?: NodeJS.Timeout;
  private readonly record: TokenRecord;

  constructor(private readonly deps: TokenDeps) {
    this.opts = { ...DEFAULT_TOKEN_OPTIONS, ...deps.options };
    this.now = deps.now ?? Date.now;
    this.record = new TokenRecord(deps.records, deps.cipher, deps.pseudonyms);
  }

  /**
   * Seeds the store from the environment on first start, or when the environment holds tokens
   * other than the ones that seeded it (an admin pasted a new pair). Otherwise the stored pair,
   * which has rotated since, wins. Freshly seeded tokens are refreshed at once: a wrong paste
   * shows in /readyz while the admin is still there, not at 3 a.m. the next day.
   */
  async init(seed: { accessToken?: string; refreshToken?: string }): Promise<void> {
    const fingerprint = seed.accessToken || seed.refreshToken ? this.record.fingerprint(`${seed.accessToken ?? ''}\u0000${seed.refreshToken ?? ''}`) : undefined;
    let current = await this.load(true);
    let seeded = false;
    if (fingerprint && (!current || current.doc.seededFrom !== fingerprint)) {
      const doc: ZaloTokenDoc = {
        sealed: this.record.seal({ accessToken: seed.accessToken ?? '', refreshToken: seed.refreshToken }),
        refreshDueAt: seed.refreshToken ? this.now() : Number.MAX_SAFE_INTEGER,
        seededFrom: fingerprint,
      };
      const raw = await this.record.read();
      seeded = raw ? await this.record.replaceIf(raw.version, doc) : await this.record.insert(doc);
      if (seeded) this.deps.logger.info({ firstStart: !raw }, 'zalo: tokens from the environment stored (they seed the store once; rotated tokens live in the store)');
      current = await this.load(true);
    }
    if (!current) {
      this.deps.logger.error(`zalo: no tokens, the bot cannot reply on Zalo. ${ADMIN_ACTION}`);
      return;
    }
    if (!current.pair.refreshToken) this.deps.logger.warn('zalo: no refresh token stored: replies stop when the access token expires (within 25 h). Set ZALO_REFRESH_TOKEN.');
    if (this.record.failureOf(current)?.kind === 'refused') this.retryRefusedOnce = true;
    if (seeded && current.pair.refreshToken) await this.refresh('due');
  }

  /** Starts the timer that refreshes before expiry. */
  start(): void {
    const tick = () => void this.refreshIfDue().catch((err: unknown) => this.deps.logger.error({ err }, 'zalo: token check failed'));
    this.timer = setInterval(tick, this.opts.checkEveryMs);
    this.timer.unref();
    setTimeout(tick, 1_000).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The token to send with. Refreshes first only if it is known to have expired. */
  async accessToken(): Promise<string> {
    const t = await this.load();
    if (!t || !t.pair.accessToken) throw new ZaloTokenUnavailableError('none stored');
    if (this.deadAccess === t.pair.accessToken) throw new ZaloTokenUnavailableError('rejected by Zalo, refresh refused');
    const now = this.now();
    if (now >= t.doc.refreshDueAt && t.pair.refreshToken) {
      const expired = t.doc.accessExpiresAt !== undefined && now >= t.doc.accessExpiresAt - 60_000;
      const refreshing = this.refresh('due');
      if (!expired) {
        // Still valid: this send goes ahead and the refresh finishes in the background.
        refreshing.catch((err: unknown) => this.deps.logger.error({ err }, 'zalo: background token refresh failed'));
        return t.pair.accessToken;
      }
      if ((await refreshing) !== 'refreshed') throw new ZaloTokenUnavailableError('expired, refresh failed');
      return (await this.load())!.pair.accessToken;
    }
    return t.pair.accessToken;
  }

  /**
   * Zalo rejected `token` (-216, -220, -124). Returns 'refreshed' when a newer token is ready to
   * retry with (refreshed here, or by another process in the meantime).
   */
  async rejected(token: string): Promise<RefreshOutcome> {
    if (this.inflight) await this.inflight.catch(() => undefined); // a refresh already under way may be the answer
    const t = await this.load(true);
    if (t && t.pair.accessToken !== token) return 'refreshed';
    const outcome = await this.refresh('rejected');
    if (outcome === 'refused') this.deadAccess = token;
    return outcome;
  }

  /** For /readyz: rejects with what is wrong and what to do. */
  async check(): Promise<void> {
    const t = await this.load();
    const fail = (reason: string) => Promise.reject(Object.assign(new Error(reason), { safeMessage: reason }));
    if (!t) return fail(this.unreadable ? 'stored Zalo tokens cannot be opened (was DATA_ENCRYPTION_KEY changed?): set new tokens' : 'no Zalo tokens: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN');
    const f = this.record.failureOf(t);
    if (f?.kind === 'refused' || this.deadAccess === t.pair.accessToken) {
      return fail(`Zalo refused the token refresh${f ? ` (${f.code})` : ''}: an OA admin must grant access again`);
    }
    const expired = t.doc.accessExpiresAt !== undefined && this.now() >= t.doc.accessExpiresAt;
    if (expired && f) return fail(`Zalo access token expired and refresh is failing (${f.code})`);
    if (expired && !t.pair.refreshToken) return fail('Zalo access token expired and there is no refresh token');
  }

  private async refreshIfDue(): Promise<void> {
    const t = await this.load(true);
    if (t?.pair.refreshToken && this.now() >= t.doc.refreshDueAt) await this.refresh('due');
  }

  /** One refresh at a time in this process; the lock makes it one across processes. */
  private refresh(reason: 'due' | 'rejected'): Promise<RefreshOutcome> {
    this.inflight ??= this.doRefresh(reason).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(reason: 'due' | 'rejected'): Promise<RefreshOutcome> {
    const before = await this.load(true);
    if (!before?.pair.refreshToken) return 'refused';
    const blocked = this.blockedBy(before, reason);
    if (blocked) return blocked;
    if (!(await this.takeLock(before.version))) {
      const after = await this.load(true);
      return after && after.version !== before.version ? this.outcomeOf(after) : 'transient';
    }
    try {
      const t = await this.load(true);
      if (!t?.pair.refreshToken) return 'refused';
      if (t.version !== before.version) return this.outcomeOf(t); // another process finished meanwhile
      this.recentRefreshes.push(this.now());
      const result = await refreshAccessToken(this.deps.oauth, t.pair.refreshToken);
      const now = this.now();
      if (result.kind === 'ok') {
        const pair: TokenPair = { accessToken: result.accessToken, refreshToken: result.refreshToken };
        const doc: ZaloTokenDoc = {
          sealed: this.record.seal(pair),
          accessExpiresAt: now + result.expiresInS * 1000,
          refreshDueAt: now + result.expiresInS * 800,
          refreshedAt: now,
          seededFrom: t.doc.seededFrom,
        };
        // Written before it is used: the old refresh token is already spent.
        if (!(await this.record.replaceIf(t.version, doc))) {
          this.deps.logger.error('zalo: the token record changed during a refresh (the lock expired?); keeping the new pair anyway');
          await this.record.put(doc);
        }
        this.retryRefusedOnce = false;
        this.deadAccess = undefined;
        if (!pair.refreshToken) this.deps.logger.error(`zalo: the refresh answer carried no new refresh token; replies stop within 25 h. ${ADMIN_ACTION}`);
        this.deps.logger.info({ reason, expiresInS: result.expiresInS }, 'zalo: tokens refreshed and stored');
        await this.load(true);
        return 'refreshed';
      }
      const previous = this.record.failureOf(t);
      const count = previous?.kind === result.kind ? previous.count + 1 : 1;
      const failure: TokenFailure =
        result.kind === 'refused'
          ? { kind: 'refused', code: result.code, description: result.description, at: now, count, forToken: this.record.fingerprint(t.pair.refreshToken) }
          : { kind: 'transient', code: result.code, at: now, count, retryAfter: now + Math.min(30_000 * 2 ** (count - 1), 30 * 60_000), forToken: this.record.fingerprint(t.pair.refreshToken) };
      await this.record.replaceIf(t.version, { ...t.doc, failure });
      await this.load(true);
      if (result.kind === 'refused') {
        this.retryRefusedOnce = false;
        this.deps.logger.error({ code: result.code, zaloSays: result.description }, `zalo: Zalo refused the refresh token; the bot cannot reply on Zalo. ${ADMIN_ACTION}`);
      } else {
        this.deps.logger.warn({ code: result.code, retryInS: Math.round((failure.retryAfter! - now) / 1000) }, 'zalo: token refresh failed for now; the current token is kept and the refresh retried later');
      }
      return result.kind;
    } finally {
      await this.deps.state.releaseLock(LOCK_KEY, this.owner);
    }
  }

  /** Why a refresh must not be attempted now, if it must not. */
  private blockedBy(t: LoadedTokens, reason: 'due' | 'rejected'): RefreshOutcome | undefined {
    const now = this.now();
    if (reason === 'due' && now < t.doc.refreshDueAt) return 'refreshed';
    const f = this.record.failureOf(t);
    if (f?.kind === 'refused' && !this.retryRefusedOnce) return 'refused';
    if (f?.kind === 'transient' && f.retryAfter && now < f.retryAfter && reason === 'due') return 'transient';
    this.recentRefreshes = this.recentRefreshes.filter((at) => now - at < this.opts.burstWindowMs);
    if (this.recentRefreshes.length >= this.opts.burstLimit) {
      this.deps.logger.error({ refreshes: this.recentRefreshes.length }, 'zalo: fresh tokens keep being rejected; not refreshing again for a while (check the app permissions of the OA)');
      return 'transient';
    }
    return undefined;
  }

  /** Takes the refresh lock, or waits until whoever holds it is done (the record changes). */
  private async takeLock(version: number): Promise<boolean> {
    // Wall-clock time: the injected clock is for token lifetimes, not for waiting.
    const deadline = Date.now() + this.opts.waitMs;
    while (!(await this.deps.state.acquireLock(LOCK_KEY, this.owner, this.opts.lockTtlMs))) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, this.opts.pollMs));
      const raw = await this.record.read();
      if (raw && raw.version !== version) return false;
    }
    return true;
  }

  private outcomeOf(t: LoadedTokens): RefreshOutcome {
    const f = this.record.failureOf(t);
    return f ? f.kind : 'refreshed';
  }

  private async load(force = false): Promise<LoadedTokens | undefined> {
    if (!force && this.cached && this.now() - this.cached.readAt < this.opts.cacheMs) return this.cached;
    const raw = await this.record.read();
    if (!raw) {
      this.cached = undefined;
      return undefined;
    }
    try {
      this.cached = this.record.open(raw, this.now());
      this.unreadable = false;
      return this.cached;
    } catch {
      if (!this.unreadable) this.deps.logger.error(`zalo: the stored tokens cannot be opened (was DATA_ENCRYPTION_KEY changed?). ${ADMIN_ACTION}`);
      this.unreadable = true;
      this.cached = undefined;
      return undefined;
    }
  }
}

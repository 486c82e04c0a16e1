import type { StoreItems } from 'botbuilder';
import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { StateStore } from './ports';

export interface TtlPolicy {
  /** TTL of botbuilder's conversation state (`<channel>/conversations/<id>/...`). */
  conversationTtlMs: number;
  /** TTL of botbuilder's user state (`<channel>/users/<id>/...`): the language, optional details. */
  userTtlMs: number;
}

/**
 * The privacy boundary in front of every StateStore backend. botbuilder names state after the
 * platform's ids (`messenger/users/<PSID>/`), and dialog state can hold what a person typed, so:
 * - every key becomes a keyed pseudonym (HMAC with PSEUDONYM_SECRET): a backend never sees an id;
 * - every value is sealed with AES-256-GCM (DATA_ENCRYPTION_KEY), bound to its key.
 * Someone who reads the database byte by byte learns neither who talked to the bot nor what
 * they said. eTags stay outside the seal so backends can still do concurrency control.
 */
export class PrivateStateStore implements StateStore {
  constructor(
    private readonly inner: StateStore,
    private readonly pseudonyms: Pseudonymizer,
    private readonly cipher: Cipher,
    private readonly ttl: TtlPolicy,
  ) {}

  /** The backend key for a logical key; exposed so tests can look for it in the raw store. */
  backendKey(key: string): string {
    return 's:' + this.pseudonyms.pseudonym('state-key', key);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const byBackend = new Map(keys.map((k) => [this.backendKey(k), k]));
    const raw = await this.inner.read([...byBackend.keys()]);
    const items: StoreItems = {};
    for (const [bk, item] of Object.entries(raw)) {
      const key = byBackend.get(bk)!;
      const { eTag, sealed } = item as { eTag: string; sealed: string };
      items[key] = { ...this.cipher.openJson<object>(sealed, bk), eTag };
    }
    return items;
  }

  async write(changes: StoreItems, ttlMs?: number): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const groups = new Map<number, StoreItems>();
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      const bk = this.backendKey(key);
      const ttl = ttlMs ?? this.ttlFor(key);
      const group = groups.get(ttl) ?? {};
      group[bk] = { eTag, sealed: this.cipher.sealJson(value, bk) };
      groups.set(ttl, group);
    }
    for (const [ttl, group] of groups) await this.inner.write(group, ttl);
  }

  async delete(keys: string[]): Promise<void> {
    await this.inner.delete(keys.map((k) => this.backendKey(k)));
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    return this.inner.claim(this.backendKey(key), ttlMs);
  }

  unclaim(key: string): Promise<void> {
    return this.inner.unclaim(this.backendKey(key));
  }

  increment(key: string, windowMs: number): Promise<number> {
    return this.inner.increment(this.backendKey(key), windowMs);
  }

  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.inner.acquireLock(this.backendKey(key), owner, ttlMs);
  }

  releaseLock(key: string, owner: string): Promise<void> {
    return this.inner.releaseLock(this.backendKey(key), owner);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private ttlFor(key: string): number {
    return /^[^/]+\/users\//.test(key) ? this.ttl.userTtlMs : this.ttl.conversationTtlMs;
  }
}

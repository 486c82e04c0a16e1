import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RecordStore } from '../stores/ports';
import type { Officer } from './roles';

interface SessionDoc {
  username: string;
  roles: Officer['roles'];
  csrf: string;
  createdAt: string;
}

export interface Session {
  officer: Officer;
  csrf: string;
}

export const SESSIONS_COLLECTION = 'officer-sessions';
export const TOKENS_COLLECTION = 'api-tokens';

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * Officer sessions and API tokens. The store keeps only a SHA-256 of each secret (a copied
 * database does not let anyone log in); sessions expire after `ttlMs` of idleness.
 */
export class Sessions {
  constructor(
    private readonly records: RecordStore,
    private readonly ttlMs = 8 * 60 * 60_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns the session id for the cookie; the CSRF token travels in forms. */
  async create(officer: Officer): Promise<{ id: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const doc: SessionDoc = { username: officer.username, roles: officer.roles, csrf, createdAt: this.now().toISOString() };
    await this.records.put(SESSIONS_COLLECTION, digest(id), doc, { expiresAt: this.expiry() });
    return { id, csrf };
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || id.length > 100) return undefined;
    const r = await this.records.get<SessionDoc>(SESSIONS_COLLECTION, digest(id));
    if (!r) return undefined;
    // Sliding expiry, refreshed at most once a minute to keep writes rare.
    if (r.expiresAt && r.expiresAt.getTime() - this.now().getTime() < this.ttlMs - 60_000) {
      await this.records.put(SESSIONS_COLLECTION, digest(id), r.doc, { expiresAt: this.expiry() });
    }
    return { officer: { username: r.doc.username, roles: r.doc.roles }, csrf: r.doc.csrf };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.records.delete(SESSIONS_COLLECTION, digest(id));
  }

  /** Ends every session of an officer (disabled account, new password). */
  async destroyAllFor(username: string): Promise<void> {
    for (const r of await this.records.list<SessionDoc>(SESSIONS_COLLECTION)) {
      if (r.doc.username === username) await this.records.delete(SESSIONS_COLLECTION, r.id);
    }
  }

  /** An API token for the province's systems: read-only figures, named, shown once. */
  async createToken(name: string, createdBy: string): Promise<string> {
    const token = `bdt_${randomBytes(32).toString('base64url')}`;
    await this.records.put(TOKENS_COLLECTION, digest(token), { name, createdBy, createdAt: this.now().toISOString() });
    return token;
  }

  async verifyToken(token: string | undefined): Promise<Officer | undefined> {
    if (!token || !token.startsWith('bdt_') || token.length > 100) return undefined;
    const r = await this.records.get<{ name: string }>(TOKENS_COLLECTION, digest(token));
    return r ? { username: `token:${r.doc.name}`, roles: ['viewer'] } : undefined;
  }

  async listTokens(): Promise<Array<{ id: string; name: string; createdBy: string; createdAt: string }>> {
    return (await this.records.list<{ name: string; createdBy: string; createdAt: string }>(TOKENS_COLLECTION)).map((r) => ({ id: r.id.slice(0, 8), ...r.doc }));
  }

  async revokeToken(idPrefix: string): Promise<boolean> {
    const hit = (await this.records.list(TOKENS_COLLECTION)).find((r) => r.id.startsWith(idPrefix) && idPrefix.length >= 8);
    return hit ? this.records.delete(TOKENS_COLLECTION, hit.id) : false;
  }

  private expiry(): Date {
    return new Date(this.now().getTime() + this.ttlMs);
  }
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

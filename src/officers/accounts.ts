import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { RecordStore } from '../stores/ports';
import type { Officer, Role } from './roles';

interface AccountDoc {
  username: string;
  roles: Role[];
  passwordHash: string;
  disabled: boolean;
  failedLogins: number;
  lockedUntil?: string;
  createdAt: string;
}

export const OFFICERS_COLLECTION = 'officers';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export type LoginResult = { ok: true; officer: Officer } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

export class AccountError extends Error {
  readonly code = 'ACCOUNT_INVALID';
}

/**
 * Officer accounts. Passwords are hashed with Argon2id (@node-rs/argon2, its defaults follow
 * OWASP's recommendation). After MAX_FAILED_LOGINS wrong passwords in a row the account locks for
 * LOCKOUT_MS; the answer to a wrong username and a wrong password is the same.
 */
export class OfficerAccounts {
  /** A hash of nothing in particular, checked when the username does not exist. */
  private dummy?: Promise<string>;

  constructor(
    private readonly records: RecordStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(username: string, role: Role, password: string): Promise<void> {
    if (!USERNAME.test(username)) throw new AccountError('username: 2-32 characters, lowercase letters, digits, . _ -');
    checkPassword(password);
    const doc: AccountDoc = {
      username,
      roles: [role],
      passwordHash: await hash(password),
      disabled: false,
      failedLogins: 0,
      createdAt: this.now().toISOString(),
    };
    if (!(await this.records.insert(OFFICERS_COLLECTION, username, doc))) throw new AccountError(`officer "${username}" already exists`);
  }

  async disable(username: string): Promise<void> {
    await this.update(username, (d) => ({ ...d, disabled: true }));
  }

  /** New password; also enables the account and clears a lockout. */
  async reset(username: string, password: string): Promise<void> {
    checkPassword(password);
    const passwordHash = await hash(password);
    await this.update(username, (d) => ({ ...d, passwordHash, disabled: false, failedLogins: 0, lockedUntil: undefined }));
  }

  async get(username: string): Promise<(Officer & { disabled: boolean }) | undefined> {
    const r = await this.records.get<AccountDoc>(OFFICERS_COLLECTION, username);
    return r ? { username: r.doc.username, roles: r.doc.roles, disabled: r.doc.disabled } : undefined;
  }

  async list(): Promise<Array<Officer & { disabled: boolean }>> {
    return (await this.records.list<AccountDoc>(OFFICERS_COLLECTION)).map((r) => ({ username: r.doc.username, roles: r.doc.roles, disabled: r.doc.disabled }));
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const r = await this.records.get<AccountDoc>(OFFICERS_COLLECTION, username);
    if (!r) {
      // Spend the same time as a real check, so timing does not tell which usernames exist.
      this.dummy ??= hash(randomBytes(16).toString('hex'));
      await verify(await this.dummy, password).catch(() => false);
      return { ok: false, reason: 'invalid' };
    }
    const d = r.doc;
    if (d.disabled) return { ok: false, reason: 'disabled' };
    if (d.lockedUntil && Date.parse(d.lockedUntil) > this.now().getTime()) return { ok: false, reason: 'locked' };
    const good = await verify(d.passwordHash, password).catch(() => false);
    if (good) {
      if (d.failedLogins > 0 || d.lockedUntil) await this.update(username, (x) => ({ ...x, failedLogins: 0, lockedUntil: undefined }));
      return { ok: true, officer: { username: d.username, roles: d.roles } };
    }
    const failed = d.failedLogins + 1;
    const locked = failed >= MAX_FAILED_LOGINS;
    await this.update(username, (x) => ({
      ...x,
      failedLogins: locked ? 0 : failed,
      lockedUntil: locked ? new Date(this.now().getTime() + LOCKOUT_MS).toISOString() : x.lockedUntil,
    }));
    return { ok: false, reason: locked ? 'locked' : 'invalid' };
  }

  /** Read-modify-write with the record's version, retried when another request changed it. */
  private async update(username: string, fn: (d: AccountDoc) => AccountDoc): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const r = await this.records.get<AccountDoc>(OFFICERS_COLLECTION, username);
      if (!r) throw new AccountError(`no officer "${username}"`);
      if (await this.records.replaceIf(OFFICERS_COLLECTION, username, r.version, fn(r.doc))) return;
    }
    throw new AccountError(`officer "${username}" is being changed by someone else; try again`);
  }
}

function checkPassword(password: string): void {
  if (password.length < 10) throw new AccountError('password: at least 10 characters');
}

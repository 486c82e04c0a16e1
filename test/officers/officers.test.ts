import { AccountError, LOCKOUT_MS, MAX_FAILED_LOGINS, OfficerAccounts } from '../../src/officers/accounts';
import { AuditLog } from '../../src/officers/audit';
import { Sessions } from '../../src/officers/sessions';
import { toCsv } from '../../src/dashboard/csv';
import { openSqlite, SqliteRecordStore, SQLITE_FILE } from '../../src/stores/sqlite';
import { tempDir } from '../helpers/env';
import fs from 'node:fs';
import path from 'node:path';

describe('officer accounts', () => {
  // One clock for the accounts, the sessions and the store's own expiry checks.
  let now = new Date('2026-11-30T08:00:00Z');
  const clock = () => now;
  const dir = tempDir();
  const db = openSqlite(path.join(dir, SQLITE_FILE));
  const records = new SqliteRecordStore(db, () => now.getTime());
  const stores = { records };
  const accounts = new OfficerAccounts(stores.records, clock);
  afterAll(() => void db.close());

  it('adds an officer whose password works and is stored only as an Argon2id hash', async () => {
    await accounts.add('lan.vhxh', 'viewer', 'mat-khau-rat-dai-2026');
    expect(await accounts.login('lan.vhxh', 'mat-khau-rat-dai-2026')).toEqual({ ok: true, officer: { username: 'lan.vhxh', roles: ['viewer'] } });
    const raw = fs.readFileSync(path.join(dir, SQLITE_FILE));
    expect(raw.includes(Buffer.from('mat-khau-rat-dai-2026'))).toBe(false);
    await expect(accounts.add('lan.vhxh', 'admin', 'another-long-one')).rejects.toThrow(AccountError);
    await expect(accounts.add('Bad Name', 'admin', 'another-long-one')).rejects.toThrow(/username/);
    await expect(accounts.add('short', 'admin', 'short')).rejects.toThrow(/at least 10/);
  });

  it('answers a wrong username and a wrong password the same way', async () => {
    expect(await accounts.login('nobody', 'whatever-password')).toEqual({ ok: false, reason: 'invalid' });
    expect(await accounts.login('lan.vhxh', 'wrong-password')).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`locks an account after ${MAX_FAILED_LOGINS} wrong passwords, even against the right one, until the lockout ends`, async () => {
    await accounts.add('police.xa', 'support', 'correct-horse-battery');
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await accounts.login('police.xa', 'nope-nope-nope')).ok).toBe(false);
    expect(await accounts.login('police.xa', 'nope-nope-nope')).toEqual({ ok: false, reason: 'locked' });
    expect(await accounts.login('police.xa', 'correct-horse-battery')).toEqual({ ok: false, reason: 'locked' });
    now = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect((await accounts.login('police.xa', 'correct-horse-battery')).ok).toBe(true);
  });

  it('refuses a disabled account; reset enables it with a new password', async () => {
    await accounts.add('old.officer', 'viewer', 'first-password-1');
    await accounts.disable('old.officer');
    expect(await accounts.login('old.officer', 'first-password-1')).toEqual({ ok: false, reason: 'disabled' });
    await accounts.reset('old.officer', 'second-password-2');
    expect((await accounts.login('old.officer', 'first-password-1')).ok).toBe(false);
    expect((await accounts.login('old.officer', 'second-password-2')).ok).toBe(true);
  });

  it('keeps sessions and tokens only as hashes, and expires idle sessions', async () => {
    const sessions = new Sessions(stores.records, 60_000, clock);
    const s = await sessions.create({ username: 'lan.vhxh', roles: ['viewer'] });
    expect((await sessions.get(s.id))?.officer.username).toBe('lan.vhxh');
    const token = await sessions.createToken('so-noi-vu', 'admin');
    expect((await sessions.verifyToken(token))?.roles).toEqual(['viewer']);
    expect(await sessions.verifyToken(token.slice(0, -1) + 'x')).toBeUndefined();
    const raw = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
    expect(raw.includes(Buffer.from(s.id))).toBe(false);
    expect(raw.includes(Buffer.from(token))).toBe(false);
    now = new Date(now.getTime() + 61_000);
    expect(await sessions.get(s.id)).toBeUndefined();
  });

  it('writes an audit log, newest first', async () => {
    const audit = new AuditLog(stores.records, clock);
    await audit.write('lan.vhxh', 'login');
    now = new Date(now.getTime() + 1000);
    await audit.write('lan.vhxh', 'export', 'reach-by-group.csv');
    const recent = await audit.recent(2);
    expect(recent.map((e) => e.action)).toEqual(['export', 'login']);
  });
});

describe('CSV export', () => {
  it('quotes, keeps Vietnamese, and never lets a cell become a formula', () => {
    const csv = toCsv(
      [
        { group: '=HYPERLINK("http://evil.example","Bấm vào")', n: 12 },
        { group: 'Tổ dân phố 1, "Hiệp Hòa"', n: -3 },
        { group: '+84 tổ', n: 0 },
        { group: '@SUM(A1)', n: 5 },
      ],
      [
        { header: 'Tổ dân phố', value: (r) => r.group },
        { header: 'Số người', value: (r) => r.n },
      ],
    );
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('Tổ dân phố,Số người');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""Bấm vào"")",12`);
    expect(lines[2]).toBe('"Tổ dân phố 1, ""Hiệp Hòa""",-3');
    expect(lines[3]).toBe("'+84 tổ,0");
    expect(lines[4]).toBe("'@SUM(A1),5");
  });
});

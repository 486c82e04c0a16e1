import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectMongo, MongoRecordStore } from '../../src/stores/mongo/record-store';
import { createSqliteStores } from '../../src/stores/sqlite';
import { ensureBuilt } from '../helpers/build';
import { CONTENT_DIR, ROOT, tempDir, TEST_SECRETS } from '../helpers/env';

const run = promisify(execFile);
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'migrate-sqlite-to-mongo.js');

/** An embedded install with records in two collections, one expired record and some state. */
async function embeddedInstall(opts: { waitingEvent?: boolean } = {}): Promise<string> {
  const dir = tempDir();
  const s = createSqliteStores(dir, { stateTtlMs: 60_000 });
  const tag = `m${process.pid}x${Date.now()}`;
  await s.records.put(`${tag}-tokens`, 'zalo', { sealed: 'AAEC' });
  await s.records.replaceIf(`${tag}-tokens`, 'zalo', 1, { sealed: 'AAED' });
  await s.records.increment(`${tag}-quiz`, 'am26:r1', { attempts: 3, correct: 2 });
  await s.records.increment(`${tag}-quiz`, 'am26:r2', { attempts: 1 });
  await s.records.put(`${tag}-quiz`, 'old', { attempts: 9 }, { expiresAt: new Date(Date.now() - 1000) });
  await s.state.write({ 's:abc': { sealed: 'x' } });
  await s.reach.record([{ kind: 'support-info', day: '2026-11-02', channel: 'zalo', topic: 'dv-help' }]);
  if (opts.waitingEvent) await s.inbox.enqueue([{ channel: 'zalo', eventKey: 'k', lane: 'l', payload: 'p' }], 60_000);
  await s.close();
  return dir;
}

async function cli(dataDir: string, args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, CONTENT_DIR, ...TEST_SECRETS, ...env } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

describe('npm run migrate:sqlite-to-mongo', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('counts what it would move in a dry run, leaving out expired records and short-lived state', async () => {
    const dir = await embeddedInstall();
    const r = await cli(dir, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^3 record\(s\) in /);
    expect(r.out).toMatch(/-quiz\s+2\n/);
    expect(r.out).toMatch(/-tokens\s+1\n/);
    expect(r.out).toContain('1 reach event(s) (not moved: set REDIS_URL too, the cluster reach ledger lives on Redis)');
    expect(r.out).toContain('conversation state, claims and counters are short-lived and are not moved');
    expect(r.out).toContain('dry run: nothing written');
  });

  it('says what is missing instead of failing obscurely', async () => {
    const dir = await embeddedInstall();
    const noUri = await cli(dir, []);
    expect(noUri.code).toBe(1);
    expect(noUri.err.trim()).toBe('MONGODB_URI is not set: nowhere to move the records to (use --dry-run to only count them)');
    const noDb = await cli(tempDir(), ['--dry-run']);
    expect(noDb.code).toBe(1);
    expect(noDb.err).toMatch(/^no embedded database at .*binhdang\.db/);
  });

  it('refuses while events still wait in the embedded inbox (they would be lost)', async () => {
    const dir = await embeddedInstall({ waitingEvent: true });
    const r = await cli(dir, ['--dry-run']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^1 event\(s\) still wait in the embedded inbox/);
    expect((await cli(dir, ['--dry-run', '--force'])).code).toBe(0);
  });

  const uri = process.env.MONGODB_URI;
  (uri ? it : it.skip)('moves the records to MongoDB with their versions, and a second run keeps them (needs MONGODB_URI)', async () => {
    const dir = await embeddedInstall();
    const first = await cli(dir, [], { MONGODB_URI: uri! });
    expect(first.code).toBe(0);
    expect(first.out).toContain('moved 3 record(s) to MongoDB; 0 already there');
    const again = await cli(dir, [], { MONGODB_URI: uri! });
    expect(again.out).toContain('moved 0 record(s) to MongoDB; 3 already there and kept');
    const conn = await connectMongo(uri!);
    try {
      const mongo = new MongoRecordStore(conn);
      const tokensCol = /(\S+-tokens)/.exec(first.out)![1]!;
      expect(await mongo.get(tokensCol, 'zalo')).toMatchObject({ doc: { sealed: 'AAED' }, version: 2 });
      // The moved record keeps working with conditional updates.
      expect(await mongo.replaceIf(tokensCol, 'zalo', 2, { sealed: 'AAEE' })).toBe(true);
    } finally {
      await conn.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { Inbox, type InboxOptions } from '../../src/bot/inbox';
import { createMetrics } from '../../src/metrics';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { createSqliteStores, SQLITE_FILE } from '../../src/stores/sqlite';
import type { Stores } from '../../src/stores/ports';
import { silentLogger, tempDir, TEST_SECRETS } from '../helpers/env';

const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
const cipher = new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex'));
const fast: InboxOptions = { leaseMs: 60_000, concurrency: 8, maxAttempts: 3, pollMs: 20, dedupeTtlMs: 86_400_000, deadLetterRetentionMs: 86_400_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the durable inbox', () => {
  let dir: string;
  let stores: Stores;
  let inbox: Inbox;
  const make = (opts: Partial<InboxOptions> = {}) => new Inbox(stores.inbox, pseudonyms, cipher, silentLogger(), createMetrics(), { ...fast, ...opts });
  beforeEach(() => {
    dir = tempDir();
    stores = createSqliteStores(dir, { stateTtlMs: 60_000 });
    inbox = make();
  });
  afterEach(async () => {
    await inbox.stop();
    await stores.close();
  });

  it("runs one user's events in order, and different users at the same time", async () => {
    const log: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    inbox.register('test', async (e) => {
      const { user, n } = e as { user: string; n: number };
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await sleep(user === 'slow' ? 30 : 5);
      log.push(`${user}:${n}`);
      concurrent--;
    });
    inbox.start();
    const events = (user: string) => [1, 2, 3, 4].map((n) => ({ eventId: `${user}-${n}`, userId: user, event: { user, n } }));
    await inbox.accept('test', [...events('slow'), ...events('fast')]);
    await inbox.drained();
    expect(log.filter((l) => l.startsWith('slow'))).toEqual(['slow:1', 'slow:2', 'slow:3', 'slow:4']);
    expect(log.filter((l) => l.startsWith('fast'))).toEqual(['fast:1', 'fast:2', 'fast:3', 'fast:4']);
    expect(maxConcurrent).toBe(2);
    expect(log.indexOf('fast:4')).toBeLessThan(log.indexOf('slow:4'));
  });

  it('handles a redelivered event once', async () => {
    const seen: unknown[] = [];
    inbox.register('test', async (e) => void seen.push(e));
    inbox.start();
    expect(await inbox.accept('test', [{ eventId: 'm1', userId: 'u', event: 1 }])).toEqual({ accepted: 1, duplicates: 0 });
    await inbox.drained();
    expect(await inbox.accept('test', [{ eventId: 'm1', userId: 'u', event: 1 }])).toEqual({ accepted: 0, duplicates: 1 });
    await inbox.drained();
    expect(seen).toEqual([1]);
  });

  it('retries a failed turn with the same seq, and sets it aside after max attempts', async () => {
    const attempts: Array<[string, number]> = [];
    inbox = make({ maxAttempts: 2 });
    let failFirst = true;
    inbox.register('test', async (e, meta) => {
      attempts.push([meta.seq, meta.attempt]);
      if (e === 'always-fails') throw new Error('boom');
      if (failFirst) {
        failFirst = false;
        throw new Error('transient');
      }
    });
    inbox.start();
    await inbox.accept('test', [{ eventId: 'a', userId: 'u1', event: 'flaky' }]);
    await inbox.accept('test', [{ eventId: 'b', userId: 'u2', event: 'always-fails' }]);
    // Backoff is about a second after the first failure.
    for (let i = 0; i < 100 && attempts.length < 4; i++) await sleep(50);
    await inbox.drained();
    const bySeq = new Map<string, number[]>();
    for (const [seq, n] of attempts) bySeq.set(seq, [...(bySeq.get(seq) ?? []), n]);
    expect([...bySeq.values()].map((v) => v.join(','))).toEqual(expect.arrayContaining(['1,2', '1,2']));
    expect((await stores.inbox.stats()).dead).toBe(1);
  });

  it('keeps accepted events across a restart and processes them then', async () => {
    await inbox.accept('test', [{ eventId: 'x', userId: 'u', event: { hello: 'world' } }]);
    await inbox.stop();
    await stores.close();
    stores = createSqliteStores(dir, { stateTtlMs: 60_000 });
    inbox = make();
    const seen: unknown[] = [];
    inbox.register('test', async (e) => void seen.push(e));
    inbox.start();
    await inbox.drained();
    expect(seen).toEqual([{ hello: 'world' }]);
  });

  it('stores events sealed: neither text nor user id is readable in the database file', async () => {
    const secretText = 'tôi bị chồng đánh tối qua';
    const userId = '2233445566778899';
    await inbox.accept('test', [{ eventId: 'mid.ABCDEF', userId, event: { text: secretText, sender: userId } }]);
    const raw = Buffer.concat(
      fs.readdirSync(dir).filter((f) => f.startsWith(SQLITE_FILE)).map((f) => fs.readFileSync(path.join(dir, f))),
    );
    expect(raw.includes(Buffer.from(secretText))).toBe(false);
    expect(raw.includes(Buffer.from(userId))).toBe(false);
    expect(raw.includes(Buffer.from('mid.ABCDEF'))).toBe(false);
  });
});

import path from 'node:path';
import Database from 'better-sqlite3';
import { ZaloAdapter } from '../../../src/channels/zalo/adapter';
import { ZaloClient } from '../../../src/channels/zalo/client';
import { CONSULTATION_WINDOW_MS, ZaloUserRecords } from '../../../src/channels/zalo/user-records';
import { createMetrics } from '../../../src/metrics';
import { Cipher, Pseudonymizer } from '../../../src/privacy/crypto';
import { PrivateStateStore } from '../../../src/stores/private-state-store';
import { createSqliteStores, SQLITE_FILE } from '../../../src/stores/sqlite';
import type { Stores } from '../../../src/stores/ports';
import { silentLogger, tempDir, TEST_SECRETS } from '../../helpers/env';
import { FakeZalo } from './fake-zalo';

const HOUR = 3600_000;

describe('ZaloAdapter: the consultation window', () => {
  let fake: FakeZalo;
  let stores: Stores;
  let state: PrivateStateStore;
  let dir: string;
  let adapter: ZaloAdapter;
  let records: ZaloUserRecords;
  const metrics = createMetrics();
  beforeEach(async () => {
    fake = await new FakeZalo().start();
    dir = tempDir();
    const base = createSqliteStores(dir, { stateTtlMs: HOUR });
    state = new PrivateStateStore(base.state, new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')), {
      conversationTtlMs: HOUR,
      userTtlMs: HOUR,
    });
    stores = { ...base, state };
    records = new ZaloUserRecords(state, HOUR);
    const client = new ZaloClient({
      apiBase: fake.url,
      timeoutMs: 1000,
      tokens: { accessToken: async () => 'AT1', rejected: async () => 'refused' },
      logger: silentLogger(),
      metrics,
    });
    adapter = new ZaloAdapter({ client, records, logger: silentLogger(), metrics });
  });
  afterEach(async () => {
    await stores.close();
    await fake.close();
  });

  it('keeps the last interaction for exactly the 7-day window, under a pseudonymous key', async () => {
    const user = '9876543210987654321';
    expect(await adapter.mayReply(user)).toBe(false);
    const before = Date.now();
    await records.touch(user, before, 'm1');
    expect(await adapter.mayReply(user)).toBe(true);
    const db = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    const row = db.prepare('SELECT key, value, expires_at FROM state WHERE key = ?').get(state.backendKey(`zalo/contact/${user}`)) as { key: string; value: string; expires_at: number };
    db.close();
    expect(row.expires_at - before).toBeGreaterThanOrEqual(CONSULTATION_WINDOW_MS - 1000);
    expect(row.expires_at - before).toBeLessThanOrEqual(CONSULTATION_WINDOW_MS + 5000);
    expect(row.key).not.toContain(user);
    expect(row.value).not.toContain(user);
  });

  it('sends a proactive message by user id inside the window, and nothing outside it', async () => {
    const reference = { channelId: 'zalo', user: { id: 'U1', name: 'r' }, conversation: { id: 'U1', isGroup: false, conversationType: 'personal', name: 'z' }, bot: { id: 'oa', name: 'oa' }, serviceUrl: '' };
    await adapter.continueConversation(reference, async (ctx) => {
      await ctx.sendActivity('Nhắc lịch');
    });
    expect(fake.sends).toHaveLength(0);
    const skipped = (await metrics.registry.getSingleMetricAsString('bot_outbound_calls_total')).match(/outcome="skipped",code="window_closed"\} (\d+)/);
    expect(skipped?.[1]).toBe('1');
    await records.touch('U1', Date.now());
    await adapter.continueConversation(reference, async (ctx) => {
      await ctx.sendActivity('Nhắc lịch');
    });
    expect(fake.sends.map((s) => [s.recipient, s.message.text])).toEqual([[{ user_id: 'U1' }, 'Nhắc lịch']]);
  });
});

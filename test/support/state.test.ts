import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { createSqliteStores, SQLITE_FILE } from '../../src/stores/sqlite';
import { QuietList } from '../../src/support/quiet';
import { makeBot } from '../helpers/bot';
import { TestChat } from '../helpers/chat';
import { tempDir, TEST_SECRETS, testConfig } from '../helpers/env';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('what the support path keeps, and for how long', () => {
  it('the quiet flag is pseudonymous and ends by itself after its period', async () => {
    const base = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    const state = new PrivateStateStore(
      base.state,
      new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET),
      new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')),
      { conversationTtlMs: 60_000, userTtlMs: 60_000 },
    );
    const quiet = new QuietList(state, 80);
    await quiet.markQuiet('zalo', '2468458835296197922');
    expect(await quiet.isQuiet('zalo', '2468458835296197922')).toBe(true);
    expect(await quiet.isQuiet('messenger', '2468458835296197922')).toBe(false);
    await sleep(120);
    expect(await quiet.isQuiet('zalo', '2468458835296197922')).toBe(false);
    await base.close();
  });

  it('the path’s session lives in the state store with the short TTL from config, not for weeks', async () => {
    const tb = makeBot({ env: { SUPPORT_STATE_TTL_MINUTES: '20' } });
    const chat = new TestChat(tb.bot);
    const before = Date.now();
    await chat.say('SUPPORT');
    const key = (tb.stores.state as PrivateStateStore).backendKey('test/conversations/conv-user-1/support-path');
    await tb.close();
    const db = new Database(path.join(tb.dataDir, SQLITE_FILE), { readonly: true });
    const row = db.prepare('SELECT expires_at FROM state WHERE key = ?').get(key) as { expires_at: number };
    db.close();
    expect(row.expires_at - before).toBeGreaterThan(19 * 60_000);
    expect(row.expires_at - before).toBeLessThanOrEqual(20 * 60_000 + 5_000);
  });

  it('config: support periods have defaults and a bad value names its variable', () => {
    const cfg = testConfig();
    expect(cfg.supportStateTtlMs).toBe(30 * 60_000);
    expect(cfg.supportQuietMs).toBe(30 * 86_400_000);
    expect(cfg.callbackRetentionMs).toBe(30 * 86_400_000);
    expect(() => loadConfig({ ...TEST_SECRETS, CALLBACK_RETENTION_DAYS: '0' })).toThrow(/^CALLBACK_RETENTION_DAYS:/);
    expect(() => loadConfig({ ...TEST_SECRETS, SUPPORT_QUIET_DAYS: 'soon' })).toThrow(/^SUPPORT_QUIET_DAYS:/);
    expect(() => loadConfig({ ...TEST_SECRETS, SUPPORT_STATE_TTL_MINUTES: '-5' })).toThrow(/^SUPPORT_STATE_TTL_MINUTES:/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BinhDangBot } from '../src/bot/bot';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/content/load';
import type { Content } from '../src/content/types';
import { createI18n } from '../src/i18n';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/metrics';
import { Cipher, Pseudonymizer } from '../src/privacy/crypto';
import { PrivateStateStore } from '../src/stores/private-state-store';
import { createSqliteStores } from '../src/stores/sqlite';
import type { Stores } from '../src/stores/ports';

export interface EmbeddedBot {
  bot: BinhDangBot;
  content: Content;
  stores: Stores;
  dir: string;
  /** Closes the stores and removes the temporary data directory. */
  close(): Promise<void>;
}

/**
 * The real bot core on a fresh embedded store (pseudonymised, sealed state on SQLite WAL) in a
 * temporary directory, silent and without a rate limit, as the turn benchmarks need it.
 */
export function embeddedBot(opts: { prefix: string; now?: () => Date; recordReach?: boolean }): EmbeddedBot {
  const root = path.resolve(__dirname, '..', '..');
  const content = loadContent(path.join(root, 'content'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix));
  const stores = createSqliteStores(dir, { stateTtlMs: 86_400_000 });
  const pseudonyms = new Pseudonymizer('bench-secret-0123456789');
  const cipher = new Cipher(Buffer.alloc(32, 9));
  const state = new PrivateStateStore(stores.state, pseudonyms, cipher, { conversationTtlMs: 86_400_000, userTtlMs: 86_400_000 });
  const bot = new BinhDangBot({
    content,
    services: {
      records: stores.records,
      pseudonyms,
      cipher,
      now: opts.now ?? (() => new Date()),
      config: loadConfig({ DATA_DIR: dir }),
      ...(opts.recordReach ? { reach: stores.reach } : {}),
    },
    i18n: createI18n(content),
    state,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    options: { defaultLocale: 'vi', rateLimitPerMinute: 1_000_000 },
  });
  return {
    bot,
    content,
    stores,
    dir,
    async close() {
      await stores.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { BinhDangBot } from '../../src/bot/bot';
import type { Content } from '../../src/content/types';
import { createI18n } from '../../src/i18n';
import type { Logger } from '../../src/logger';
import { createMetrics, type Metrics } from '../../src/metrics';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { createSqliteStores } from '../../src/stores/sqlite';
import type { Stores } from '../../src/stores/ports';
import { realContent, silentLogger, tempDir, TEST_SECRETS, testConfig } from './env';
import type { Config } from '../../src/config';
import type { Feature } from '../../src/bot/features';

export interface TestBot {
  bot: BinhDangBot;
  stores: Stores;
  config: Config;
  metrics: Metrics;
  dataDir: string;
  close(): Promise<void>;
}

/** The real bot on a real SQLite file in a temp dir, with the real content. */
export function makeBot(
  opts: {
    content?: Content;
    logger?: Logger;
    dataDir?: string;
    rateLimitPerMinute?: number;
    now?: () => Date;
    env?: Record<string, string>;
    features?: Feature[];
  } = {},
): TestBot {
  const dataDir = opts.dataDir ?? tempDir();
  const base = createSqliteStores(dataDir, { stateTtlMs: 14 * 86_400_000 });
  const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
  const cipher = new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex'));
  const config: Config = testConfig({ DATA_DIR: dataDir, ...opts.env });
  const state = new PrivateStateStore(
    base.state,
    pseudonyms,
    cipher,
    { conversationTtlMs: 14 * 86_400_000, userTtlMs: 365 * 86_400_000 },
  );
  const stores = { ...base, state };
  const content = opts.content ?? realContent();
  const metrics = createMetrics();
  const bot = new BinhDangBot({
    content,
    services: { records: base.records, pseudonyms, cipher, now: opts.now ?? (() => new Date()), config, reach: base.reach },
    i18n: createI18n(content),
    state,
    logger: opts.logger ?? silentLogger(),
    metrics,
    options: { defaultLocale: 'vi', rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000 },
    extraFeatures: opts.features,
  });
  return { bot, stores, metrics, dataDir, config, close: () => base.close() };
}

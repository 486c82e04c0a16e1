import type { Config } from '../config';
import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { Stores } from './ports';
import { PrivateStateStore } from './private-state-store';

export type { InboxStore, ReachLedger, RecordStore, StateStore, Stores, StoredRecord } from './ports';

/**
 * Picks the backends from the configuration. Drivers load lazily, so the embedded default never
 * loads ioredis or mongoose. The StateStore handed out is always wrapped in PrivateStateStore.
 */
export async function createStores(cfg: Config, privacy: { pseudonyms: Pseudonymizer; cipher: Cipher }): Promise<Stores> {
  let base: Stores;
  if (cfg.redisUrl || cfg.mongodbUri) {
    const { createClusterStores } = await import('./cluster');
    base = await createClusterStores(cfg);
  } else {
    const { createSqliteStores } = await import('./sqlite');
    base = createSqliteStores(cfg.dataDir, { stateTtlMs: cfg.conversationTtlMs });
  }
  const state = new PrivateStateStore(base.state, privacy.pseudonyms, privacy.cipher, {
    conversationTtlMs: cfg.conversationTtlMs,
    userTtlMs: cfg.userStateTtlMs,
  });
  return { ...base, state };
}

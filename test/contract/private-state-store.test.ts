import path from 'node:path';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { openSqlite, SqliteStateStore } from '../../src/stores/sqlite';
import { tempDir, TEST_SECRETS } from '../helpers/env';
import { stateStoreContract } from './state-store.contract';

// The privacy wrapper must itself keep the whole StateStore contract.
stateStoreContract('sqlite behind PrivateStateStore', async () => {
  const db = openSqlite(path.join(tempDir(), 'private.db'));
  const store = new PrivateStateStore(
    new SqliteStateStore(db, 60_000),
    new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET),
    new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')),
    { conversationTtlMs: 60_000, userTtlMs: 120_000 },
  );
  return { store, close: async () => void db.close() };
});

import path from 'node:path';
import { openSqlite, SqliteInboxStore, SqliteReachLedger, SqliteRecordStore, SqliteStateStore } from '../../src/stores/sqlite';
import { tempDir } from '../helpers/env';
import { inboxStoreContract } from './inbox-store.contract';
import { reachLedgerContract } from './reach-ledger.contract';
import { recordStoreContract } from './record-store.contract';
import { stateStoreContract } from './state-store.contract';

const open = () => openSqlite(path.join(tempDir(), 'contract.db'));

stateStoreContract('sqlite', async () => {
  const db = open();
  return { store: new SqliteStateStore(db, 60_000), close: async () => void db.close() };
});

recordStoreContract('sqlite', async () => {
  const db = open();
  return { store: new SqliteRecordStore(db), close: async () => void db.close() };
});

inboxStoreContract('sqlite', async () => {
  const db = open();
  return { store: new SqliteInboxStore(db), close: async () => void db.close() };
});

reachLedgerContract('sqlite', async () => {
  const db = open();
  const store = new SqliteReachLedger(db);
  return {
    store,
    close: async () => {
      await store.close();
      db.close();
    },
  };
});

reachLedgerContract('sqlite in memory (no separate report connection)', async () => {
  const db = openSqlite(':memory:');
  const store = new SqliteReachLedger(db);
  return { store, close: async () => void db.close() };
});

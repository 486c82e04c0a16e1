import type { Connection } from 'mongoose';
import { connectMongo, MongoRecordStore } from '../../src/stores/mongo/record-store';
import { recordStoreContract } from './record-store.contract';

// MongoDB has no server on the development machine; CI's workflow starts one and sets
// MONGODB_URI. Without it the suite is skipped, and says so.
const uri = process.env.MONGODB_URI;

if (!uri) {
  process.stdout.write('MongoDB contract suite skipped: MONGODB_URI is not set\n');
  describe.skip('RecordStore contract: mongodb (skipped: MONGODB_URI is not set)', () => {
    it('runs when MONGODB_URI points at a MongoDB server', () => undefined);
  });
} else {
  const conns: Connection[] = [];
  afterAll(async () => {
    // The contract names its collections c<pid>x...; remove this run's records.
    const conn = conns[0];
    if (conn?.db) await conn.db.collection('records').deleteMany({ col: { $regex: `^c${process.pid}x` } });
    await Promise.all(conns.map((c) => c.close()));
  });
  recordStoreContract('mongodb', async () => {
    const conn = await connectMongo(uri);
    conns.push(conn);
    const store = new MongoRecordStore(conn);
    await store.init();
    // Connections are closed once, at the end, so the cleanup above can still use one.
    return { store, close: async () => undefined };
  });
}

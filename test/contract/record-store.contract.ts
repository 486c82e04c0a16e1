import type { RecordStore } from '../../src/stores/ports';
import type { StoreHandle } from './state-store.contract';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every RecordStore backend must do. */
export function recordStoreContract(name: string, make: () => Promise<StoreHandle<RecordStore>>): void {
  describe(`RecordStore contract: ${name}`, () => {
    let h: StoreHandle<RecordStore>;
    let r: RecordStore;
    let col: string;
    let n = 0;
    beforeEach(async () => {
      h = await make();
      r = h.store;
      col = `c${process.pid}x${Date.now()}x${++n}`;
    });
    afterEach(async () => h.close());

    it('creates, replaces and versions documents', async () => {
      expect(await r.get(col, 'x')).toBeUndefined();
      await r.put(col, 'x', { a: 1, text: 'Bình đẳng' });
      const first = await r.get<{ a: number }>(col, 'x');
      expect(first).toMatchObject({ id: 'x', doc: { a: 1, text: 'Bình đẳng' }, version: 1 });
      expect(first!.updatedAt).toBeInstanceOf(Date);
      await r.put(col, 'x', { a: 2 });
      expect(await r.get(col, 'x')).toMatchObject({ doc: { a: 2 }, version: 2 });
    });

    it('inserts only once (a unique constraint)', async () => {
      expect(await r.insert(col, 'u', { n: 1 })).toBe(true);
      expect(await r.insert(col, 'u', { n: 2 })).toBe(false);
      expect((await r.get<{ n: number }>(col, 'u'))!.doc.n).toBe(1);
      const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => r.insert(col, 'race', { i })));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('replaces conditionally on the version', async () => {
      await r.put(col, 't', { token: 'a' });
      expect(await r.replaceIf(col, 't', 1, { token: 'b' })).toBe(true);
      expect(await r.replaceIf(col, 't', 1, { token: 'c' })).toBe(false);
      expect((await r.get<{ token: string }>(col, 't'))!.doc.token).toBe('b');
      expect(await r.replaceIf(col, 'absent', 1, { token: 'x' })).toBe(false);
      const cur = (await r.get(col, 't'))!.version;
      const racers = await Promise.all([r.replaceIf(col, 't', cur, { token: 'p' }), r.replaceIf(col, 't', cur, { token: 'q' })]);
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('increments counters atomically', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => r.increment(col, 'agg', { attempts: 1, [`opt${i % 2}`]: 1 })));
      const doc = (await r.get<Record<string, number>>(col, 'agg'))!.doc;
      expect(doc).toEqual({ attempts: 40, opt0: 20, opt1: 20 });
      expect(await r.increment(col, 'agg', { attempts: -1 })).toMatchObject({ attempts: 39 });
    });

    it('deletes and reports whether something was deleted', async () => {
      await r.put(col, 'd', { v: 1 });
      expect(await r.delete(col, 'd')).toBe(true);
      expect(await r.delete(col, 'd')).toBe(false);
      expect(await r.get(col, 'd')).toBeUndefined();
    });

    it('lists by id prefix, in id order, with a limit, per collection', async () => {
      for (const id of ['b:2', 'a:1', 'b:1', 'b:3', 'c:1']) await r.put(col, id, { id });
      await r.put(`${col}other`, 'b:9', { id: 'b:9' });
      expect((await r.list(col, { prefix: 'b:' })).map((x) => x.id)).toEqual(['b:1', 'b:2', 'b:3']);
      expect((await r.list(col, { prefix: 'b:', limit: 2 })).map((x) => x.id)).toEqual(['b:1', 'b:2']);
      expect((await r.list(col)).map((x) => x.id)).toEqual(['a:1', 'b:1', 'b:2', 'b:3', 'c:1']);
    });

    it('hides expired records and purges them', async () => {
      await r.put(col, 'old', { v: 1 }, { expiresAt: new Date(Date.now() + 150) });
      await r.put(col, 'keep', { v: 2 });
      expect(await r.get(col, 'old')).toBeDefined();
      await sleep(400);
      expect(await r.get(col, 'old')).toBeUndefined();
      expect((await r.list(col)).map((x) => x.id)).toEqual(['keep']);
      expect(await r.insert(col, 'old', { v: 3 })).toBe(true);
      await r.put(col, 'gone', { v: 1 }, { expiresAt: new Date(Date.now() - 1000) });
      expect(await r.purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await r.get(col, 'keep')).toBeDefined();
    });
  });
}

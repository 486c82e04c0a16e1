import { ConversationState, TestAdapter } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import type { StateStore } from '../../src/stores/ports';

export interface StoreHandle<S> {
  store: S;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What every StateStore backend must do (run by each backend's test file). botbuilder's own
 * storage tests are the model, plus claims, counters, locks and TTLs.
 */
export function stateStoreContract(name: string, make: () => Promise<StoreHandle<StateStore>>): void {
  describe(`StateStore contract: ${name}`, () => {
    let h: StoreHandle<StateStore>;
    let s: StateStore;
    let n = 0;
    const k = (x: string) => `${name}-${process.pid}-${Date.now()}-${++n}-${x}`;
    beforeEach(async () => {
      h = await make();
      s = h.store;
    });
    afterEach(async () => h.close());

    it('reads only keys that exist', async () => {
      const key = k('a');
      expect(await s.read([key, k('missing')])).toEqual({});
      await s.write({ [key]: { count: 1 } });
      const items = await s.read([key, k('missing')]);
      expect(Object.keys(items)).toEqual([key]);
      expect(items[key].count).toBe(1);
      expect(typeof items[key].eTag).toBe('string');
    });

    it('gives a new eTag on every write', async () => {
      const key = k('etag');
      await s.write({ [key]: { v: 1 } });
      const first = (await s.read([key]))[key].eTag;
      await s.write({ [key]: { v: 2, eTag: first } });
      const second = (await s.read([key]))[key];
      expect(second.v).toBe(2);
      expect(second.eTag).not.toBe(first);
    });

    it('rejects a stale eTag, and lets "*" and a missing eTag overwrite', async () => {
      const key = k('stale');
      await s.write({ [key]: { v: 1 } });
      const stale = (await s.read([key]))[key].eTag;
      await s.write({ [key]: { v: 2, eTag: stale } });
      await expect(s.write({ [key]: { v: 3, eTag: stale } })).rejects.toThrow(/eTag conflict/);
      expect((await s.read([key]))[key].v).toBe(2);
      await s.write({ [key]: { v: 4, eTag: '*' } });
      expect((await s.read([key]))[key].v).toBe(4);
      await s.write({ [key]: { v: 5 } });
      expect((await s.read([key]))[key].v).toBe(5);
    });

    it('lets exactly one of two writers holding the same eTag win', async () => {
      const key = k('race');
      await s.write({ [key]: { v: 0 } });
      const tag = (await s.read([key]))[key].eTag;
      const results = await Promise.allSettled([s.write({ [key]: { v: 'a', eTag: tag } }), s.write({ [key]: { v: 'b', eTag: tag } })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(['a', 'b']).toContain((await s.read([key]))[key].v);
    });

    it('accepts empty writes, deletes of unknown keys, and odd keys', async () => {
      await expect(s.write({})).resolves.toBeUndefined();
      await expect(s.delete([k('never-written')])).resolves.toBeUndefined();
      const crazy = k(`!@#$%^&*()~/\\><,.?';"\`~ Bình Đẳng 🙂`);
      await s.write({ [crazy]: { ok: true, text: 'Xin chào' } });
      expect((await s.read([crazy]))[crazy]).toMatchObject({ ok: true, text: 'Xin chào' });
      await s.delete([crazy]);
      expect(await s.read([crazy])).toEqual({});
    });

    it('forgets items after their TTL', async () => {
      const key = k('ttl');
      await s.write({ [key]: { v: 1 } }, 150);
      expect((await s.read([key]))[key]).toBeDefined();
      await sleep(400);
      expect(await s.read([key])).toEqual({});
    });

    it('claims a key once until the claim expires', async () => {
      const key = k('claim');
      const results = await Promise.all(Array.from({ length: 10 }, () => s.claim(key, 150)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.claim(key, 150)).toBe(false);
      await sleep(400);
      expect(await s.claim(key, 150)).toBe(true);
      await s.unclaim(key);
      expect(await s.claim(key, 150)).toBe(true);
    });

    it('counts increments exactly under concurrency and resets after the window', async () => {
      const key = k('count');
      const counts = await Promise.all(Array.from({ length: 50 }, () => s.increment(key, 60_000)));
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const short = k('window');
      expect(await s.increment(short, 150)).toBe(1);
      expect(await s.increment(short, 150)).toBe(2);
      await sleep(400);
      expect(await s.increment(short, 150)).toBe(1);
    });

    it('gives a lock to one owner at a time and only the owner releases it', async () => {
      const key = k('lock');
      expect(await s.acquireLock(key, 'a', 5_000)).toBe(true);
      expect(await s.acquireLock(key, 'b', 5_000)).toBe(false);
      expect(await s.acquireLock(key, 'a', 5_000)).toBe(true);
      await s.releaseLock(key, 'b');
      expect(await s.acquireLock(key, 'b', 5_000)).toBe(false);
      await s.releaseLock(key, 'a');
      expect(await s.acquireLock(key, 'b', 150)).toBe(true);
      await sleep(400);
      expect(await s.acquireLock(key, 'c', 5_000)).toBe(true);
    });

    it('carries a botbuilder waterfall across turns (ConversationState on this store)', async () => {
      const convo = new ConversationState(s);
      const dialogState = convo.createProperty<DialogState>('dialogState');
      const dialogs = new DialogSet(dialogState);
      dialogs.add(new TextPrompt('name'));
      dialogs.add(
        new WaterfallDialog('ask', [
          (step) => step.prompt('name', 'Tên bạn là gì?'),
          async (step) => {
            await step.context.sendActivity(`Chào ${String(step.result)}!`);
            return step.endDialog();
          },
        ]),
      );
      const adapter = new TestAdapter(async (ctx) => {
        const dc = await dialogs.createContext(ctx);
        const r = await dc.continueDialog();
        if (r.status === 'empty') await dc.beginDialog('ask');
        await convo.saveChanges(ctx);
      });
      await adapter.send('hi').assertReply('Tên bạn là gì?').send('Lan').assertReply('Chào Lan!').startTest();
    });
  });
}

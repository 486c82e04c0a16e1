import type { InboxStore } from '../../src/stores/ports';
import type { StoreHandle } from './state-store.contract';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;

/** What every InboxStore backend must do: dedupe, per-lane order, leases, retries. */
export function inboxStoreContract(name: string, make: () => Promise<StoreHandle<InboxStore>>): void {
  describe(`InboxStore contract: ${name}`, () => {
    let h: StoreHandle<InboxStore>;
    let s: InboxStore;
    let n = 0;
    let ch: string;
    const item = (lane: string, id: string, payload = id) => ({ channel: ch, eventKey: `${ch}-${id}`, lane: `${ch}-${lane}`, payload });
    beforeEach(async () => {
      h = await make();
      s = h.store;
      ch = `ch${process.pid}x${Date.now()}x${++n}`;
    });
    afterEach(async () => h.close());

    it('accepts an event once, however often it is delivered', async () => {
      expect(await s.enqueue([item('u1', 'm1'), item('u1', 'm1')], DAY)).toEqual({ accepted: 1, duplicates: 1 });
      expect(await s.enqueue([item('u1', 'm1'), item('u1', 'm2')], DAY)).toEqual({ accepted: 1, duplicates: 1 });
      const leased = await s.lease('w', 60_000, 10);
      expect(leased.map((i) => i.payload)).toEqual(['m1']);
      await s.complete(leased[0]!.seq, 'w');
      expect(await s.enqueue([item('u1', 'm1')], DAY)).toEqual({ accepted: 0, duplicates: 1 });
    });

    it('hands out one event per user at a time, oldest first, users in parallel', async () => {
      await s.enqueue([item('a', 'a1'), item('b', 'b1'), item('a', 'a2'), item('b', 'b2')], DAY);
      const first = await s.lease('w', 60_000, 10);
      expect(first.map((i) => i.payload).sort()).toEqual(['a1', 'b1']);
      expect(first.every((i) => i.channel === ch && i.attempts === 1)).toBe(true);
      expect(await s.lease('w', 60_000, 10)).toEqual([]);
      await s.complete(first.find((i) => i.payload === 'a1')!.seq, 'w');
      expect((await s.lease('w', 60_000, 10)).map((i) => i.payload)).toEqual(['a2']);
    });

    it('keeps a failed event at the head of its lane until it is due again', async () => {
      await s.enqueue([item('a', 'a1'), item('a', 'a2')], DAY);
      const [a1] = await s.lease('w', 60_000, 10);
      await s.retryLater(a1!.seq, 'w', 200);
      expect(await s.lease('w', 60_000, 10)).toEqual([]);
      await sleep(350);
      const again = await s.lease('w', 60_000, 10);
      expect(again.map((i) => [i.payload, i.attempts])).toEqual([['a1', 2]]);
    });

    it("gives a crashed worker's event to another worker after the lease expires", async () => {
      await s.enqueue([item('a', 'a1')], DAY);
      expect(await s.lease('dead-worker', 150, 10)).toHaveLength(1);
      expect(await s.lease('w2', 60_000, 10)).toEqual([]);
      await sleep(350);
      const taken = await s.lease('w2', 60_000, 10);
      expect(taken.map((i) => [i.payload, i.attempts])).toEqual([['a1', 2]]);
    });

    it('sets aside an event that keeps failing, and the lane moves on', async () => {
      await s.enqueue([item('a', 'a1'), item('a', 'a2')], DAY);
      const [a1] = await s.lease('w', 60_000, 10);
      await s.deadLetter(a1!.seq, 'w', new Date(Date.now() + DAY));
      expect((await s.lease('w', 60_000, 10)).map((i) => i.payload)).toEqual(['a2']);
      const st = await s.stats();
      expect(st.dead).toBeGreaterThanOrEqual(1);
      expect(st.leased).toBeGreaterThanOrEqual(1);
    });

    it('enqueues many events from concurrent webhooks without loss', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.enqueue([item(`u${i % 4}`, `m${i}`)], DAY)));
      const seen: string[] = [];
      for (let round = 0; round < 10 && seen.length < 20; round++) {
        const batch = await s.lease('w', 60_000, 50);
        for (const b of batch) {
          seen.push(b.payload);
          await s.complete(b.seq, 'w');
        }
      }
      expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
      // Within a lane, order is the order of acceptance.
      const lane0 = seen.filter((p) => Number(p.slice(1)) % 4 === 0);
      expect(lane0.length).toBe(5);
    });
  });
}

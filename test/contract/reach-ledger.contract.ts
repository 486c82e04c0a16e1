import { createHash } from 'node:crypto';
import { mulberry32 } from '../../src/util/random';
import type { ReachAnswer, ReachDimension, ReachEvent, ReachLedger, ReachTally } from '../../src/stores/ports';
import type { StoreHandle } from './state-store.contract';

/** A pseudonym-shaped person key (43 base64url characters, like an HMAC-SHA256). */
export const person = (n: number | string): string => createHash('sha256').update(`person-${n}`).digest('base64url');

/** A small deterministic generator (Mulberry32), so every run sees the same data. */
const seeded = mulberry32;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function row(a: ReachAnswer, dim: ReachDimension, value: string | null): ReachTally | undefined {
  const r = a.by[dim]?.find((x) => x.value === value);
  return r ? { people: r.people, events: r.events } : undefined;
}

/**
 * What every ReachLedger backend must do. `make()` must return a ledger that sees no other
 * test's events (a fresh file, or a fresh key prefix on a shared server). Person counts are
 * compared exactly when the backend says `exact`, and within HyperLogLog's error otherwise
 * (Redis: 0.81% standard error; 3%, at least 1, is allowed here). Event counts are always exact.
 */
export function reachLedgerContract(name: string, make: () => Promise<StoreHandle<ReachLedger>>): void {
  describe(`ReachLedger contract: ${name}`, () => {
    let h: StoreHandle<ReachLedger>;
    let r: ReachLedger;
    beforeEach(async () => {
      h = await make();
      r = h.store;
    });
    afterEach(async () => h.close());

    const expectPeople = (actual: number, expected: number) => {
      if (r.exact) expect(actual).toBe(expected);
      else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1, Math.ceil(expected * 0.03)));
    };
    const expectTally = (actual: ReachTally | undefined, expected: ReachTally) => {
      expect(actual).toBeDefined();
      expectPeople(actual!.people, expected.people);
      expect(actual!.events).toBe(expected.events);
    };
    const k = (p: number | string, day: string, extra: Partial<ReachEvent> = {}): ReachEvent => ({
      kind: 'knowledge', day, channel: 'zalo', person: person(p), topic: 'dv-basics', ...extra,
    });
    const both = ['knowledge', 'quiz'] as const;

    it('counts a person once per range however many events, and counts every event', async () => {
      await r.record([k(1, '2026-03-02'), k(1, '2026-03-02', { topic: 'ge-basics' }), k(1, '2026-03-02'), k(2, '2026-03-02')]);
      await r.record([k(1, '2026-03-03')]);
      expectTally((await r.report({ from: '2026-03-02', to: '2026-03-02', kinds: both })).total, { people: 2, events: 4 });
      expectTally((await r.report({ from: '2026-03-03', to: '2026-03-03', kinds: both })).total, { people: 1, events: 1 });
      expectTally((await r.report({ from: '2026-03-02', to: '2026-03-03', kinds: both })).total, { people: 2, events: 5 });
      expect((await r.report({ from: '2026-03-04', to: '2026-03-31', kinds: both })).total).toEqual({ people: 0, events: 0 });
    });

    it('merges kinds: a resident reached by an article and a quiz is one resident', async () => {
      await r.record([k(1, '2026-05-01'), k(1, '2026-05-01', { kind: 'quiz', topic: 'ge-basics' }), k(2, '2026-05-02', { kind: 'quiz' })]);
      expectTally((await r.report({ from: '2026-05-01', to: '2026-05-31', kinds: both })).total, { people: 2, events: 3 });
      expectTally((await r.report({ from: '2026-05-01', to: '2026-05-31', kinds: ['quiz'] })).total, { people: 2, events: 2 });
      expectTally((await r.report({ from: '2026-05-01', to: '2026-05-31', kinds: ['knowledge'] })).total, { people: 1, events: 1 });
    });

    it('counts support information as deliveries, never as persons', async () => {
      const s = (channel: string): ReachEvent => ({ kind: 'support-info', day: '2026-06-10', channel, topic: 'dv-help' });
      await r.record([s('zalo'), s('zalo'), s('messenger')]);
      await r.record([k(1, '2026-06-10')]);
      const a = await r.report({ from: '2026-06-01', to: '2026-06-30', kinds: ['support-info'], by: ['channel', 'topic'] });
      expect(a.total).toEqual({ people: 0, events: 3 });
      expect(row(a, 'channel', 'zalo')).toEqual({ people: 0, events: 2 });
      expect(row(a, 'channel', 'messenger')).toEqual({ people: 0, events: 1 });
      expect(row(a, 'topic', 'dv-help')).toEqual({ people: 0, events: 3 });
    });

    it('refuses an event that names a person behind support information, or could carry text or a raw id', async () => {
      const refused: ReachEvent[] = [
        { kind: 'support-info', day: '2026-06-10', channel: 'zalo', person: person(1) },
        { kind: 'support-info', day: '2026-06-10', channel: 'zalo', gender: 'female' },
        k(1, '2026-06-10', { topic: 'Chồng tôi đánh tôi' }),
        k(1, '2026-06-31'),
        k(1, '10/06/2026'),
        k(1, '2026-06-10', { channel: 'zalo user 123' }),
        { kind: 'knowledge', day: '2026-06-10', channel: 'zalo' },
        { kind: 'knowledge', day: '2026-06-10', channel: 'zalo', person: '8273645' },
        { kind: 'visit' as ReachEvent['kind'], day: '2026-06-10', channel: 'zalo', person: person(1) },
      ];
      for (const e of refused) {
        // A batch with one bad event stores nothing at all.
        await expect(r.record([k(2, '2026-06-10'), e])).rejects.toThrow(/reach event refused/);
      }
      expect((await r.report({ from: '2026-06-01', to: '2026-06-30', kinds: ['knowledge', 'quiz', 'support-info'] })).total).toEqual({
        people: 0,
        events: 0,
      });
    });

    it('breaks down by every dimension, with null for details the resident did not choose', async () => {
      await r.record([
        k(1, '2026-07-01', { channel: 'zalo', topic: 'dv-basics', residentialGroup: 'tdp-01', gender: 'female', ageBand: '30-44' }),
        k(1, '2026-07-02', { channel: 'zalo', topic: 'ge-basics', residentialGroup: 'tdp-01', gender: 'female', ageBand: '30-44' }),
        k(2, '2026-07-01', { channel: 'messenger', topic: 'dv-basics' }),
        k(3, '2026-07-03', { channel: 'zalo', topic: 'dv-basics', residentialGroup: 'tdp-02', gender: 'male' }),
      ]);
      const a = await r.report({
        from: '2026-07-01', to: '2026-07-31', kinds: both, by: ['channel', 'topic', 'residentialGroup', 'gender', 'ageBand'],
      });
      expectTally(a.total, { people: 3, events: 4 });
      expectTally(row(a, 'channel', 'zalo'), { people: 2, events: 3 });
      expectTally(row(a, 'channel', 'messenger'), { people: 1, events: 1 });
      expectTally(row(a, 'topic', 'dv-basics'), { people: 3, events: 3 });
      expectTally(row(a, 'topic', 'ge-basics'), { people: 1, events: 1 });
      expectTally(row(a, 'residentialGroup', 'tdp-01'), { people: 1, events: 2 });
      expectTally(row(a, 'residentialGroup', 'tdp-02'), { people: 1, events: 1 });
      expectTally(row(a, 'residentialGroup', null), { people: 1, events: 1 });
      expectTally(row(a, 'gender', 'female'), { people: 1, events: 2 });
      expectTally(row(a, 'gender', 'male'), { people: 1, events: 1 });
      expectTally(row(a, 'ageBand', null), { people: 2, events: 2 });
      expect(a.by.ageBand!.map((x) => x.value).sort()).toEqual(['30-44', null].sort());
      expect(a.by.channel!.map((x) => x.value).sort()).toEqual(['messenger', 'zalo']);
      expect(Object.keys(a.by).sort()).toEqual(['ageBand', 'channel', 'gender', 'residentialGroup', 'topic']);
      expect((await r.report({ from: '2026-07-01', to: '2026-07-31', kinds: both })).by).toEqual({});
    });

    it('is inclusive at both ends of a range and ignores everything outside it', async () => {
      await r.record(['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01'].map((d, i) => k(i, d)));
      expectTally((await r.report({ from: '2026-04-01', to: '2026-06-30', kinds: both })).total, { people: 2, events: 2 });
      expectTally((await r.report({ from: '2026-03-31', to: '2026-03-31', kinds: both })).total, { people: 1, events: 1 });
    });

    it('counts buckets (weeks, months) each on its own, across month and year ends', async () => {
      await r.record([k(1, '2025-12-31'), k(1, '2026-01-01'), k(2, '2026-01-31'), k(2, '2026-02-01'), k(3, '2026-02-28')]);
      const a = await r.report({
        from: '2026-01-01',
        to: '2026-02-28',
        kinds: both,
        buckets: [
          { from: '2026-01-01', to: '2026-01-31' },
          { from: '2026-02-01', to: '2026-02-28' },
          { from: '2025-12-29', to: '2026-01-04' },
          { from: '2025-12-31', to: '2025-12-31' },
          { from: '2026-03-01', to: '2026-03-31' },
        ],
      });
      expectTally(a.total, { people: 3, events: 4 });
      expect(a.buckets).toHaveLength(5);
      expectTally(a.buckets[0], { people: 2, events: 2 });
      expectTally(a.buckets[1], { people: 2, events: 2 });
      expectTally(a.buckets[2], { people: 1, events: 2 });
      expectTally(a.buckets[3], { people: 1, events: 1 });
      expect(a.buckets[4]).toEqual({ people: 0, events: 0 });
    });

    it('merges many residents over many days like a recount does', async () => {
      const rand = seeded(42);
      const start = '2026-09-01';
      const events: ReachEvent[] = [];
      for (let i = 0; i < 3000; i++) {
        const p = Math.floor(rand() * 600);
        events.push(k(p, addDays(start, Math.floor(rand() * 61)), { topic: ['dv-basics', 'ge-basics', 'dv-law'][p % 3]!, kind: rand() < 0.2 ? 'quiz' : 'knowledge' }));
      }
      for (let i = 0; i < events.length; i += 250) await r.record(events.slice(i, i + 250));
      const recount = (from: string, to: string, topic?: string) => {
        const sel = events.filter((e) => e.day >= from && e.day <= to && (!topic || e.topic === topic));
        return { people: new Set(sel.map((e) => e.person)).size, events: sel.length };
      };
      const sept = { from: '2026-09-01', to: '2026-09-30' };
      const week = { from: '2026-10-05', to: '2026-10-11' };
      const a = await r.report({ from: start, to: '2026-10-31', kinds: both, by: ['topic'], buckets: [sept, week] });
      expectTally(a.total, recount(start, '2026-10-31'));
      expectTally(a.buckets[0], recount(sept.from, sept.to));
      expectTally(a.buckets[1], recount(week.from, week.to));
      for (const topic of ['dv-basics', 'ge-basics', 'dv-law']) expectTally(row(a, 'topic', topic), recount(start, '2026-10-31', topic));
    });

    it('loses nothing when many turns record at once', async () => {
      await Promise.all(Array.from({ length: 60 }, (_, i) => r.record([k(i % 20, '2026-08-08')])));
      expectTally((await r.report({ from: '2026-08-08', to: '2026-08-08', kinds: both })).total, { people: 20, events: 60 });
    });

    it('forgets a person: exact backends stop counting them, others keep nothing per person to remove', async () => {
      await r.record([k('gone', '2026-04-01'), k('gone', '2026-04-02', { kind: 'quiz' }), k('stays', '2026-04-01')]);
      await r.forget([person('gone'), person('never-seen')]);
      const a = await r.report({ from: '2026-04-01', to: '2026-04-30', kinds: both });
      if (r.exact) expect(a.total).toEqual({ people: 1, events: 1 });
      else expect(a.total.events).toBeGreaterThanOrEqual(1);
      // Recording again after forgetting works (the resident came back).
      await r.record([k('gone', '2026-04-03')]);
      expectPeople((await r.report({ from: '2026-04-03', to: '2026-04-03', kinds: both })).total.people, 1);
    });

    it('refuses a range that ends before it starts or is not made of days', async () => {
      await expect(r.report({ from: '2026-05-02', to: '2026-05-01', kinds: both })).rejects.toThrow(/after/);
      await expect(r.report({ from: '2026-5-1', to: '2026-05-01', kinds: both })).rejects.toThrow(/YYYY-MM-DD/);
    });
  });
}

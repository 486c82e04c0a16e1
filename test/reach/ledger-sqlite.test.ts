import { createHash } from 'node:crypto';
import type { ReachEvent } from '../../src/stores/ports';
import { createSqliteStores } from '../../src/stores/sqlite';
import { tempDir } from '../helpers/env';

const person = (n: number) => createHash('sha256').update(`p${n}`).digest('base64url');

describe('the embedded reach ledger under load', () => {
  it('lets residents\' turns record while an officer\'s long report runs (no stalled event loop)', async () => {
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    const events: ReachEvent[] = Array.from({ length: 70_000 }, (_, i) => ({
      kind: 'knowledge',
      day: new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10),
      channel: 'zalo',
      person: person(i % 9000),
      topic: 'dv-basics',
    }));
    for (let i = 0; i < events.length; i += 10_000) await stores.reach.record(events.slice(i, i + 10_000));
    let done = false;
    const report = stores.reach.report({ from: '2026-01-01', to: '2026-12-31', kinds: ['knowledge'], by: ['topic'] }).finally(() => {
      done = true;
    });
    let during = 0;
    while (!done) {
      await stores.reach.record([{ kind: 'quiz', day: '2026-06-01', channel: 'zalo', person: person(1) }]);
      during++;
      await new Promise((r) => setImmediate(r));
    }
    const a = await report;
    expect(a.total).toEqual({ people: 9000, events: 70_000 });
    expect(during).toBeGreaterThan(1);
    await stores.close();
  });
});

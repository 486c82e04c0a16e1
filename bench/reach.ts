import fs from 'node:fs';
import { mulberry32 } from '../src/util/random';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load';
import { createI18n } from '../src/i18n';
import { Pseudonymizer } from '../src/privacy/crypto';
import { addDays } from '../src/reach/calendar';
import { AGE_BANDS, GENDERS } from '../src/reach/details';
import { ReachPersonKeys } from '../src/reach/person-key';
import { ReachReporter } from '../src/reach/report';
import type { ReachEvent } from '../src/stores/ports';
import { createSqliteStores } from '../src/stores/sqlite';
import { memoryMb, summarize } from './stats';

/** A small deterministic generator (Mulberry32), so every run sees the same data. */
const seeded = mulberry32;

/**
 * A year of reach on the embedded store: 1,000,000 events from 100,000 residents over the 365
 * days of 2026, recorded one turn at a time as the middleware does (one `record` call, one
 * transaction each), then the year's and a quarter's full reports (every series and breakdown).
 * Residents are unevenly active (a few read a lot, most a little); 30% gave optional details;
 * 10% of events are quiz rounds, 4% support information (no person).
 * `BENCH_REACH_EVENTS` scales the run down for a quick look.
 */
export async function run(): Promise<void> {
  const events = Number(process.env.BENCH_REACH_EVENTS ?? 1_000_000);
  const residents = Math.max(1, Math.round(events / 10));
  const root = path.resolve(__dirname, '..', '..');
  const content = loadContent(path.join(root, 'content'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-reach-'));
  const stores = createSqliteStores(dir, { stateTtlMs: 86_400_000 });
  const keys = new ReachPersonKeys(new Pseudonymizer('bench-secret-0123456789'), content.area);
  const rand = seeded(2026);
  const topics = [...content.topics.keys()];
  const groups = content.area.residentialGroups.map((g) => g.id);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

  let s = performance.now();
  const people = Array.from({ length: residents }, (_, i) => {
    const channel = rand() < 0.7 ? 'zalo' : 'messenger';
    const details = rand() < 0.3 ? { residentialGroup: pick(groups), gender: pick(GENDERS), ageBand: pick(AGE_BANDS) } : {};
    return { channel, person: keys.key(channel, `user-${i}`, 2026), details };
  });
  const keyMs = performance.now() - s;

  const times: number[] = [];
  s = performance.now();
  for (let i = 0; i < events; i++) {
    const who = people[Math.floor(residents * rand() ** 2)]!;
    const day = addDays('2026-01-01', Math.floor(rand() * 365));
    const r = rand();
    const e: ReachEvent =
      r < 0.04
        ? { kind: 'support-info', day, channel: who.channel, topic: pick(topics) }
        : { kind: r < 0.14 ? 'quiz' : 'knowledge', day, channel: who.channel, person: who.person, topic: pick(topics), ...who.details };
    const t0 = performance.now();
    await stores.reach.record([e]);
    times.push(performance.now() - t0);
  }
  const recordSeconds = (performance.now() - s) / 1000;

  const i18n = createI18n(content);
  const reporter = new ReachReporter({ ledger: stores.reach, records: stores.records, content, i18n, minCell: 5, now: () => new Date('2027-01-15T00:00:00+07:00') });
  // CPU time too: on a shared machine wall time says as much about the neighbours as about us.
  const timed = async (period: string) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const report = await reporter.report(period);
    const cpu = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, report };
  };
  const fmt = (x: { ms: number; cpu: number }) => `${x.ms.toFixed(0)} ms (cpu ${x.cpu.toFixed(0)} ms)`;
  const year = await timed('2026');
  const yearAgain = await timed('2026');
  const q4 = await timed('2026-Q4');
  const day = await timed('2026-11-25');

  const rows = await stores.reach.report({ from: '2026-01-01', to: '2026-12-31', kinds: ['knowledge', 'quiz', 'support-info'] });
  await stores.close(); // checkpoints and empties the WAL: what is left is the database itself
  const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  process.stdout.write(
    `${events.toLocaleString('en')} events from ${residents.toLocaleString('en')} residents over 2026 (pseudonyms: ${keyMs.toFixed(0)} ms)\n` +
      `record, one call per event: ${(events / recordSeconds).toFixed(0)} events/s (${recordSeconds.toFixed(1)} s)\n` +
      `record latency: ${summarize(times)} mean=${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)} ms\n` +
      `year report (2026, 3 series, 5 breakdowns, reach rate, quiz, support): ${fmt(year)}, again ${fmt(yearAgain)}\n` +
      `quarter report (2026-Q4): ${fmt(q4)}; day report: ${fmt(day)}\n` +
      `year: ${year.report.reached.people.toLocaleString('en')} residents reached, ${year.report.reached.deliveries.toLocaleString('en')} deliveries, ` +
      `${rows.total.events.toLocaleString('en')} events stored\n` +
      `database ${(bytes / 1048576).toFixed(1)} MiB (${(bytes / events).toFixed(1)} bytes/event); ${memoryMb()}\n`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

import path from 'node:path';
import { runReportCli } from '../../src/cli/report';
import { createI18n } from '../../src/i18n';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { ReachPersonKeys } from '../../src/reach/person-key';
import { ReachReporter } from '../../src/reach/report';
import type { ReachEvent, Stores } from '../../src/stores/ports';
import { createSqliteStores } from '../../src/stores/sqlite';
import { CONTENT_DIR, realContent, tempDir, TEST_SECRETS } from '../helpers/env';

const content = realContent();
const i18n = createI18n(content);
const keys = new ReachPersonKeys(new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), content.area);

/** An event as the middleware would record it for `user` on `channel` at an instant in Hà Nội time. */
function seen(user: string, at: string, extra: Partial<ReachEvent> = {}, channel = 'zalo'): ReachEvent {
  const { day, person } = keys.keyAt(channel, user, new Date(at));
  return { kind: 'knowledge', day, channel, person, topic: 'dv-basics', ...extra };
}
const support = (at: string): ReachEvent => ({ kind: 'support-info', day: keys.dayOf(new Date(at)), channel: 'zalo' });

describe('reach reports', () => {
  let dir: string;
  let stores: Stores;
  let now: Date;
  const reporter = (minCell = 5) => new ReachReporter({ ledger: stores.reach, records: stores.records, content, i18n, minCell, now: () => now });
  beforeEach(() => {
    dir = tempDir();
    stores = createSqliteStores(dir, { stateTtlMs: 60_000 });
    now = new Date('2027-02-01T00:00:00+07:00');
  });
  afterEach(() => stores.close());

  it('counts unique residents across days, channels and periods, and says two channels count twice', async () => {
    await stores.reach.record([
      seen('an', '2026-02-10T09:00:00+07:00'),
      seen('an', '2026-10-02T09:00:00+07:00'),
      seen('an', '2026-10-20T21:00:00+07:00', { topic: 'ge-basics' }),
      seen('binh', '2026-11-05T08:00:00+07:00'),
      seen('an', '2026-12-01T10:00:00+07:00', {}, 'messenger'), // the same person on Messenger
      seen('chi', '2026-12-15T10:00:00+07:00', { kind: 'quiz', topic: 'ge-basics' }),
    ]);
    const q4 = await reporter().report('2026-Q4');
    expect(q4.period).toMatchObject({ id: '2026-Q4', label: 'Quý IV/2026', from: '2026-10-01', to: '2026-12-31', complete: true });
    expect(q4.reached).toEqual({ people: 4, deliveries: 5 });
    const months = q4.series.find((s) => s.unit === 'month')!.points;
    expect(months.map((m) => [m.label, m.people])).toEqual([['Tháng 10/2026', 1], ['Tháng 11/2026', 1], ['Tháng 12/2026', 2]]);
    const weeks = q4.series.find((s) => s.unit === 'week')!.points;
    expect(weeks.reduce((n, w) => n + w.people, 0)).toBe(5); // "an" in two weeks of October
    expect(q4.byChannel.map((c) => [c.id, c.people])).toEqual([['zalo', 3], ['messenger', 1]]);
    expect(q4.byTopic.map((c) => [c.id, c.people, c.deliveries])).toEqual([['dv-basics', 3, 3], ['ge-basics', 2, 2]]);
    expect(q4.definitions.channels).toMatch(/Zalo và Messenger được đếm là hai người/);
    expect(q4.quiz).toMatchObject({ participants: 1, attempts: 0, completions: 0, completionRate: null });
    // Attempts and completions come from the quiz's own anonymous daily counters.
    await stores.records.increment('quiz-daily', 'am26:r1:2026-11-20', { attempts: 4, completions: 3 });
    await stores.records.increment('quiz-daily', 'am26:r2:2026-12-31', { attempts: 1, completions: 0 });
    await stores.records.increment('quiz-daily', 'am26:r1:2027-01-01', { attempts: 9, completions: 9 });
    expect((await reporter().report('2026-Q4')).quiz).toMatchObject({ participants: 1, attempts: 5, completions: 3, completionRate: 0.6 });
    // The year: "an" in February and October on Zalo is one resident.
    const year = await reporter().report('2026');
    expect(year.reached.people).toBe(4);
    expect(year.series.map((s) => s.unit)).toEqual(['quarter', 'month', 'week']);
    expect(year.series[0]!.points.map((p) => p.people)).toEqual([1, 0, 0, 4]);
    // Reach rate: the campaign year up to the end of the quarter, over the population.
    expect(q4.reachRate).toMatchObject({ campaignYear: 2026, from: '2026-01-01', to: '2026-12-31', people: 4, population: 60000, populationPlaceholder: true, target: 0.7, met: false });
    expect(q4.reachRate.rate).toBeCloseTo(4 / 60000, 10);
    const q1 = await reporter().report('2026-Q1');
    expect(q1.reachRate).toMatchObject({ to: '2026-03-31', people: 1 });
  });

  it('puts 23:30 on 31/12 in Hà Nội in the fourth quarter and 00:30 on 1/1 in the next year', async () => {
    await stores.reach.record([seen('dung', '2026-12-31T23:30:00+07:00'), seen('em', '2027-01-01T00:30:00+07:00')]);
    const q4 = await reporter().report('2026-Q4');
    const q1 = await reporter().report('2027-Q1');
    expect([q4.reached.people, q1.reached.people]).toEqual([1, 1]);
    expect((await reporter().report('2026')).reached.people).toBe(1);
    expect((await reporter().report('2027')).reached.people).toBe(1);
    expect((await reporter().report('2026-12-31')).reached.people).toBe(1);
    const straddling = await reporter().report('2026-W53');
    expect(straddling.reached.people).toBe(2);
    expect(straddling.notes.join(' ')).toMatch(/hai năm chiến dịch/);
  });

  it('hides support figures and small cells by group, gender and age band below k', async () => {
    const events: ReachEvent[] = [];
    for (let i = 0; i < 7; i++) events.push(seen(`g1-${i}`, '2026-11-02T10:00:00+07:00', { residentialGroup: 'tdp-01', gender: 'female' }));
    for (let i = 0; i < 3; i++) events.push(seen(`g2-${i}`, '2026-11-03T10:00:00+07:00', { residentialGroup: 'tdp-02', gender: 'male', ageBand: '60-plus' }));
    for (let i = 0; i < 6; i++) events.push(seen(`n-${i}`, '2026-11-04T10:00:00+07:00'));
    for (let i = 0; i < 4; i++) events.push(support('2026-11-04T10:00:00+07:00'));
    await stores.reach.record(events);
    const r = await reporter().report('2026-11');
    const cell = (rows: typeof r.byGender, id: string | null) => rows.find((x) => x.id === id)!.people;
    expect(r.reached.people).toBe(16);
    expect(cell(r.byResidentialGroup, 'tdp-01')).toBe(7);
    expect(cell(r.byResidentialGroup, 'tdp-02')).toBe('<5');
    expect(cell(r.byResidentialGroup, 'tdp-05')).toBe('<5');
    expect(cell(r.byResidentialGroup, null)).toBe(6);
    expect(r.byResidentialGroup.map((x) => x.label)).toEqual([...content.area.residentialGroups.map((g) => g.name), 'Chưa cho biết']);
    expect(cell(r.byGender, 'female')).toBe(7);
    expect(cell(r.byGender, 'male')).toBe('<5');
    expect(cell(r.byAgeBand, '60-plus')).toBe('<5');
    expect(r.support.deliveries).toBe('<5');
    await stores.reach.record([support('2026-11-05T10:00:00+07:00')]);
    expect((await reporter().report('2026-11')).support.deliveries).toBe(5);
    // k is configurable (REACH_MIN_CELL).
    const k3 = await reporter(3).report('2026-11');
    expect(cell(k3.byResidentialGroup, 'tdp-02')).toBe(3);
    expect(cell(k3.byGender, 'other')).toBe('<3');
    expect(k3.definitions.suppression).toContain('"<3"');
  });

  it('returns the definitions with every report, in Vietnamese or English, and says what is not final', async () => {
    now = new Date('2026-11-20T12:00:00+07:00');
    const vi = await reporter().report('2026-Q4');
    expect(Object.keys(vi.definitions).sort()).toEqual(['anonymity', 'channels', 'deletion', 'details', 'periods', 'reachRate', 'reached', 'suppression']);
    expect(vi.definitions.reachRate).toContain('70%');
    expect(vi.definitions.periods).toContain('31/12 vẫn thuộc Quý IV');
    expect(vi.period.complete).toBe(false);
    expect(vi.notes.join('\n')).toMatch(/chưa kết thúc: số liệu tính đến hết ngày 20\/11\/2026/);
    expect(vi.notes.join('\n')).toMatch(/số mẫu/);
    const en = await reporter().report('2026-Q4', { locale: 'en' });
    expect(en.period.label).toBe('Q4 2026 (Quý IV)');
    expect(en.definitions.reached).toMatch(/^A resident is reached in a period/);
    expect(JSON.parse(JSON.stringify(en))).toEqual(en);
  });

  it('runs on the command line: text, JSON, and clear answers to a bad period or a missing database', async () => {
    await stores.reach.record([seen('an', '2026-10-02T09:00:00+07:00'), seen('binh', '2026-11-05T08:00:00+07:00')]);
    await stores.close();
    const env = { DATA_DIR: dir, CONTENT_DIR, LOG_LEVEL: 'silent', ...TEST_SECRETS };
    const run = async (args: string[], e: Record<string, string> = env) => {
      let out = '';
      let err = '';
      const code = await runReportCli(args, e, { out: (s) => (out += s), err: (s) => (err += s) });
      return { code, out, err };
    };
    const text = await run(['--period', '2026-Q4']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Báo cáo tiếp cận: Quý IV/2026');
    expect(text.out).toContain('Người dân được tiếp cận: 2 người');
    expect(text.out).toMatch(/Thông tin hỗ trợ đã gửi: <5 lượt/);
    expect(text.out).toContain('Định nghĩa');
    const json = await run(['--period=2026-Q4', '--json', '--en']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ period: { id: '2026-Q4' }, reached: { people: 2 }, locale: 'en' });
    const bad = await run(['--period', '2026-Q5']);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toMatch(/unknown period "2026-Q5"/);
    const missing = await run(['--period', '2026-Q4'], { ...env, DATA_DIR: path.join(tempDir(), 'nothing-here') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no database in DATA_DIR/);
  });
});

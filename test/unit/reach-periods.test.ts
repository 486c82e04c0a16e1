import { addDays, campaignYearOf, dayInZone, isoWeek } from '../../src/reach/calendar';
import { parsePeriod, periodOf, unitsWithin } from '../../src/reach/periods';

const HCM = 'Asia/Ho_Chi_Minh';

describe('days in the Vietnamese time zone', () => {
  it.each([
    ['2026-12-31T16:30:00Z', '2026-12-31'], // 23:30 on 31/12 in Hà Nội: still the old year
    ['2026-12-31T16:59:59Z', '2026-12-31'],
    ['2026-12-31T17:00:00Z', '2027-01-01'], // midnight in Hà Nội, 17:00 UTC
    ['2026-09-30T17:30:00Z', '2026-10-01'], // 00:30 on 1/10: already the fourth quarter
    ['2026-03-31T16:59:00Z', '2026-03-31'],
  ])('%s is %s', (instant, day) => {
    expect(dayInZone(new Date(instant), HCM)).toBe(day);
  });

  it('does not depend on the server time zone (UTC and Hà Nội disagree after 17:00 UTC)', () => {
    const instant = new Date('2026-12-31T16:30:00Z');
    expect(dayInZone(instant, 'UTC')).toBe('2026-12-31');
    expect(dayInZone(new Date('2026-12-31T18:00:00Z'), 'UTC')).toBe('2026-12-31');
    expect(dayInZone(new Date('2026-12-31T18:00:00Z'), HCM)).toBe('2027-01-01');
  });
});

describe('periods', () => {
  it('reads quarters as Quý I–IV of the calendar year', () => {
    expect(parsePeriod('2026-Q1')).toMatchObject({ kind: 'quarter', from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2026-q2')).toMatchObject({ id: '2026-Q2', from: '2026-04-01', to: '2026-06-30' });
    expect(parsePeriod('2026-Q3')).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('reads years (the campaign year), months, ISO weeks and days', () => {
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026', 7)).toMatchObject({ kind: 'year', from: '2026-07-01', to: '2027-06-30' });
    expect(parsePeriod('2028-02')).toMatchObject({ kind: 'month', from: '2028-02-01', to: '2028-02-29' });
    expect(parsePeriod('2026-W01')).toMatchObject({ kind: 'week', from: '2025-12-29', to: '2026-01-04' });
    expect(parsePeriod('2026-W53')).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
    expect(parsePeriod('2026-11-30')).toMatchObject({ kind: 'day', from: '2026-11-30', to: '2026-11-30' });
  });

  it.each(['2026-Q5', '2026-13', '2025-W53', '2026-02-30', 'Q4', 'quý 4', ''])('refuses "%s" with the accepted forms', (id) => {
    expect(() => parsePeriod(id)).toThrow(/use YYYY \(year\), YYYY-Q1…Q4/);
  });

  it('finds the quarter, month and ISO week of a day', () => {
    expect(periodOf('quarter', '2026-12-31').id).toBe('2026-Q4');
    expect(periodOf('quarter', '2027-01-01').id).toBe('2027-Q1');
    expect(periodOf('week', '2027-01-01').id).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(periodOf('month', '2026-02-28').id).toBe('2026-02');
  });

  it('breaks a quarter into its months and weeks, clipping the weeks at its edges', () => {
    const q4 = parsePeriod('2026-Q4');
    expect(unitsWithin(q4, 'month').map((m) => [m.id, m.from, m.to])).toEqual([
      ['2026-10', '2026-10-01', '2026-10-31'],
      ['2026-11', '2026-11-01', '2026-11-30'],
      ['2026-12', '2026-12-01', '2026-12-31'],
    ]);
    const weeks = unitsWithin(q4, 'week');
    expect(weeks[0]).toMatchObject({ id: '2026-W40', from: '2026-10-01', to: '2026-10-04', partial: true });
    expect(weeks.at(-1)).toMatchObject({ id: '2026-W53', from: '2026-12-28', to: '2026-12-31', partial: true });
    expect(weeks[1]!.partial).toBeUndefined();
    // Every day of the quarter is in exactly one week.
    const days = weeks.reduce((n, w) => n + (Date.parse(w.to) - Date.parse(w.from)) / 86_400_000 + 1, 0);
    expect(days).toBe(92);
    expect(unitsWithin(parsePeriod('2026'), 'quarter')).toHaveLength(4);
  });

  it('names the campaign year after the calendar year it starts in', () => {
    expect(campaignYearOf('2026-12-31', 1)).toBe(2026);
    expect(campaignYearOf('2027-01-01', 1)).toBe(2027);
    expect(campaignYearOf('2027-06-30', 7)).toBe(2026);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

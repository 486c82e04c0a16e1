import {
  addDays,
  campaignYearRange,
  isoWeek,
  isoWeeksInYear,
  isoWeekStart,
  lastDayOfMonth,
  maxDay,
  minDay,
  parts,
  ymd,
} from './calendar';
import { isDay } from '../stores/reach-event';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'week' | 'day';

/** A reporting period: an inclusive range of calendar days in the area's time zone. */
export interface Period {
  /** `2026` (campaign year), `2026-Q4`, `2026-11`, `2026-W47` (ISO week), `2026-11-30`. */
  id: string;
  kind: PeriodKind;
  from: string;
  to: string;
  /** Set on a sub-period cut short by the edge of the period it belongs to. */
  partial?: boolean;
}

export class PeriodError extends Error {
  readonly code = 'BAD_REQUEST';
}

const FORMS = 'YYYY (year), YYYY-Q1…Q4 (quarter), YYYY-MM (month), YYYY-Www (ISO week) or YYYY-MM-DD (day)';

/**
 * Reads a period id. Quarters (Quý I–IV) are calendar quarters; the year is the campaign year
 * of `content/area.yaml` (`campaignYear.startMonth`, January by default, so the calendar year).
 */
export function parsePeriod(id: string, startMonth = 1): Period {
  const s = id.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) {
    return { id: m[1]!, kind: 'year', ...campaignYearRange(Number(m[1]), startMonth) };
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    return { id: `${year}-Q${q}`, kind: 'quarter', from: ymd(year, q * 3 - 2, 1), to: lastDayOfMonth(year, q * 3) };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return { id: s, kind: 'month', from: ymd(year, month, 1), to: lastDayOfMonth(year, month) };
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= isoWeeksInYear(Number(m[1]))) {
    const from = isoWeekStart(Number(m[1]), Number(m[2]));
    return { id: s, kind: 'week', from, to: addDays(from, 6) };
  }
  if (isDay(s)) return { id: s, kind: 'day', from: s, to: s };
  throw new PeriodError(`unknown period "${id.slice(0, 20)}": use ${FORMS}`);
}

/** The period of `kind` that contains `day`. */
export function periodOf(kind: Exclude<PeriodKind, 'year'>, day: string): Period {
  const { year, month } = parts(day);
  switch (kind) {
    case 'quarter':
      return parsePeriod(`${year}-Q${Math.ceil(month / 3)}`);
    case 'month':
      return parsePeriod(day.slice(0, 7));
    case 'week': {
      const w = isoWeek(day);
      return parsePeriod(`${w.year}-W${String(w.week).padStart(2, '0')}`);
    }
    case 'day':
      return parsePeriod(day);
  }
}

/** The finer units a report of this period is broken into (a time series for each). */
export const SERIES_UNITS: Record<PeriodKind, Array<Exclude<PeriodKind, 'year'>>> = {
  year: ['quarter', 'month', 'week'],
  quarter: ['month', 'week'],
  month: ['week', 'day'],
  week: ['day'],
  day: [],
};

/**
 * The units of `kind` that meet `period`, in order, clipped to it: the weeks of a quarter start
 * and end inside the quarter (the first and last may be `partial`).
 */
export function unitsWithin(period: Period, kind: Exclude<PeriodKind, 'year'>): Period[] {
  const out: Period[] = [];
  let day = period.from;
  while (day <= period.to) {
    const unit = periodOf(kind, day);
    const from = maxDay(unit.from, period.from);
    const to = minDay(unit.to, period.to);
    out.push({ ...unit, from, to, ...(from !== unit.from || to !== unit.to ? { partial: true } : {}) });
    day = addDays(unit.to, 1);
  }
  return out;
}

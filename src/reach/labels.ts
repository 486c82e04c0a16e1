import { parts } from './calendar';
import type { Period } from './periods';

type T = (key: string, vars?: Record<string, unknown>) => string;

const ROMAN = ['I', 'II', 'III', 'IV'];

/** 30/11/2026: how dates are written in Vietnam (and in the English report, for one format). */
export function formatDay(day: string): string {
  const { year, month, day: d } = parts(day);
  return `${String(d).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

const shortDay = (day: string) => formatDay(day).slice(0, 5);

/** "Quý IV/2026", "Tháng 11/2026", "Tuần 47/2026 (16/11–22/11)"; strings from reach.json. */
export function periodLabel(t: T, p: Period): string {
  const { year, month } = parts(p.from);
  switch (p.kind) {
    case 'year': {
      const y = Number(p.id);
      return month === 1 ? t('period.year', { year: y }) : t('period.campaignYear', { year: y, from: formatDay(p.from).slice(3), to: formatDay(p.to).slice(3) });
    }
    case 'quarter': {
      const n = Number(p.id.slice(-1));
      return t('period.quarter', { q: ROMAN[n - 1], n, year: Number(p.id.slice(0, 4)) });
    }
    case 'month':
      return t('period.month', { month: String(month).padStart(2, '0'), year });
    case 'week':
      return t('period.week', { week: Number(p.id.slice(6)), year: Number(p.id.slice(0, 4)), from: shortDay(p.from), to: shortDay(p.to) });
    case 'day':
      return formatDay(p.from);
  }
}

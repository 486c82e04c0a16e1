import type { I18n } from '../i18n';
import { formatDay } from './labels';
import type { ReachReport } from './report';
import type { Cell } from './suppression';

/**
 * The report as plain text, for an operator at a terminal (`npm run report`) or to paste into a
 * document: the figures first, then notes and the definitions behind them.
 */
export function formatReportText(r: ReachReport, i18n: I18n): string {
  const t = (key: string, vars?: Record<string, unknown>) => i18n.t(r.locale, `reach.${key}`, vars);
  const n = (x: number) => x.toLocaleString(r.locale === 'vi' ? 'vi-VN' : 'en-GB');
  const pct = (x: number) => `${(x * 100).toLocaleString(r.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}%`;
  const cell = (c: Cell) => (typeof c === 'number' ? n(c) : c);
  const out: string[] = [];
  const section = (title: string, rows: string[]) => {
    out.push('', title);
    out.push(...(rows.length > 0 ? rows.map((x) => `  ${x}`) : [`  ${t('text.none')}`]));
  };

  out.push(`${t('title')}: ${r.period.label}`, `(${t('text.range', { from: formatDay(r.period.from), to: formatDay(r.period.to) })})`, '');
  out.push(t('text.reached', { people: n(r.reached.people), deliveries: n(r.reached.deliveries) }));
  const rr = r.reachRate;
  out.push(
    t('text.rate', {
      year: rr.campaignYear, from: formatDay(rr.from), to: formatDay(rr.to), people: n(rr.people), population: n(rr.population), rate: pct(rr.rate),
    }),
  );
  if (rr.target !== undefined) {
    const missing = Math.max(0, Math.ceil(rr.target * rr.population) - rr.people);
    out.push(t('text.target', { target: pct(rr.target), status: rr.met ? t('text.met') : t('text.notMet', { missing: n(missing) }) }));
  }
  for (const s of r.series) {
    section(t(`unit.${s.unit}`), s.points.map((p) => `${p.label}${p.partial ? ` ${t('text.partial')}` : ''}: ${n(p.people)}`));
  }
  section(t('text.byChannel'), r.byChannel.map((c) => `${c.label}: ${n(c.people)}`));
  section(t('text.byTopic'), r.byTopic.map((c) => `${c.label}: ${n(c.people)} (${n(c.deliveries)})`));
  section(t('text.byResidentialGroup'), r.byResidentialGroup.map((c) => `${c.label}: ${cell(c.people)}`));
  section(t('text.byGender'), r.byGender.map((c) => `${c.label}: ${cell(c.people)}`));
  section(t('text.byAgeBand'), r.byAgeBand.map((c) => `${c.label}: ${cell(c.people)}`));
  out.push(
    '',
    t('text.quiz', {
      participants: n(r.quiz.participants),
      attempts: n(r.quiz.attempts),
      completions: n(r.quiz.completions),
      rate: r.quiz.completionRate === null ? '—' : pct(r.quiz.completionRate),
    }),
  );
  out.push(t('text.support', { deliveries: cell(r.support.deliveries) }));
  if (r.notes.length > 0) section(t('text.notes'), r.notes.map((x) => `- ${x}`));
  section(t('text.definitions'), Object.values(r.definitions).map((x) => `- ${x}`));
  return out.join('\n') + '\n';
}

import { z } from 'zod';
import type { Content } from '../content/types';
import type { Locale } from '../content/schemas';
import type { I18n } from '../i18n';
import type { ReachAnswer, ReachDimension, ReachLedger, RecordStore } from '../stores/ports';
import { DAILY_COLLECTION } from '../quiz/aggregates';
import { campaignYearOf, campaignYearRange, dayInZone, minDay } from './calendar';
import { AGE_BANDS, GENDERS } from './details';
import { parsePeriod, SERIES_UNITS, unitsWithin, type Period, type PeriodKind } from './periods';
import { suppressCells, suppressFigure, type Cell } from './suppression';
import { periodLabel, formatDay } from './labels';

const REACHED = ['knowledge', 'quiz'] as const;

export interface SeriesPoint {
  id: string;
  label: string;
  from: string;
  to: string;
  /** The unit was cut by the edge of the report's period (a week straddling a quarter's end). */
  partial?: boolean;
  people: number;
}

export interface CellRow {
  /** The detail's id, or null for residents who did not choose one. */
  id: string | null;
  label: string;
  people: Cell;
}

/**
 * One reach report, the same for the dashboard, its JSON API and `npm run report`. Figures
 * named `people` are unique residents; `deliveries` count what was delivered. A `Cell` may be a
 * string ("<5", "≥5") where a figure is hidden to protect people (see `definitions.suppression`).
 */
export interface ReachReport {
  period: Period & { label: string; timezone: string; complete: boolean };
  generatedAt: string;
  locale: Locale;
  /** k: figures about support, and cells by group, gender or age band, below this are hidden. */
  minCell: number;
  /** False when the backend estimates uniques (HyperLogLog, about 1% error). */
  exact: boolean;
  /** The definitions behind the figures, in the report's language. */
  definitions: Record<'reached' | 'reachRate' | 'channels' | 'periods' | 'details' | 'suppression' | 'anonymity' | 'deletion', string>;
  reached: { people: number; deliveries: number };
  reachRate: {
    campaignYear: number;
    from: string;
    to: string;
    people: number;
    population: number;
    populationPlaceholder: boolean;
    rate: number;
    target?: number;
    targetConfirmed?: boolean;
    met?: boolean;
  };
  series: Array<{ unit: Exclude<PeriodKind, 'year'>; points: SeriesPoint[] }>;
  byChannel: Array<{ id: string; label: string; people: number; deliveries: number }>;
  byTopic: Array<{ id: string; label: string; people: number; deliveries: number }>;
  byResidentialGroup: CellRow[];
  byGender: CellRow[];
  byAgeBand: CellRow[];
  /**
   * participants: unique residents who completed at least one round (from the ledger);
   * attempts and completions: first attempts begun and finished (the quiz's own anonymous daily
   * counters); completionRate = completions / attempts, null before anyone began.
   */
  quiz: {
    participants: number;
    attempts: number;
    completions: number;
    completionRate: number | null;
    byTopic: Array<{ id: string; label: string; participants: number }>;
  };
  support: { deliveries: Cell };
  notes: string[];
}

export interface ReachReporterDeps {
  ledger: ReachLedger;
  /** Where the quiz keeps its anonymous daily counters (attempts, completions). */
  records: RecordStore;
  content: Content;
  i18n: I18n;
  /** k of the small-cell rule (REACH_MIN_CELL, 5 by default). */
  minCell: number;
  now: () => Date;
}

const targetSchema = z.object({ value: z.number().min(0).max(1), confidence: z.string().optional() }).passthrough();

/**
 * Builds reach reports from the ledger: unique residents reached in a period and its time series,
 * by channel, topic, residential group, gender and age band; the campaign year's reach rate
 * against the target; quiz participation; support information delivered.
 */
export class ReachReporter {
  constructor(private readonly deps: ReachReporterDeps) {}

  async report(period: string | Period, opts: { locale?: Locale } = {}): Promise<ReachReport> {
    const { content, ledger, minCell: k } = this.deps;
    const area = content.area;
    const locale = opts.locale ?? 'vi';
    const t = (key: string, vars?: Record<string, unknown>) => this.deps.i18n.t(locale, `reach.${key}`, vars);
    const p = typeof period === 'string' ? parsePeriod(period, area.campaignYear.startMonth) : period;
    const today = dayInZone(this.deps.now(), area.timezone);

    const units = SERIES_UNITS[p.kind].map((unit) => ({ unit, points: unitsWithin(p, unit) }));
    const year = campaignYearOf(p.to, area.campaignYear.startMonth);
    const yearRange = campaignYearRange(year, area.campaignYear.startMonth);
    const rateTo = minDay(p.to, yearRange.to);
    // The campaign year to date rides along as the last bucket: one pass over the rows.
    const main = await ledger.report({
      from: p.from,
      to: p.to,
      kinds: REACHED,
      by: ['channel', 'topic', 'residentialGroup', 'gender', 'ageBand'],
      buckets: [...units.flatMap((u) => u.points), { from: yearRange.from, to: rateTo }],
    });
    const yearToDate = main.buckets.at(-1)!;
    const quiz = await ledger.report({ from: p.from, to: p.to, kinds: ['quiz'], by: ['topic'] });
    const support = await ledger.report({ from: p.from, to: p.to, kinds: ['support-info'] });
    const quizCounts = await this.quizCounts(p);

    let offset = 0;
    const series = units.map(({ unit, points }) => ({
      unit,
      points: points.map((pt) => ({
        id: pt.id,
        label: periodLabel(t, pt),
        from: pt.from,
        to: pt.to,
        ...(pt.partial ? { partial: true } : {}),
        people: main.buckets[offset++]!.people,
      })),
    }));

    const population = area.population.total;
    const target = targetSchema.safeParse(area.targets.reachRate);
    const rate = population > 0 ? yearToDate.people / population : 0;
    const topicLabel = (id: string) => content.topics.get(id)?.title[locale] ?? id;
    const rows = (dim: ReachDimension) => main.by[dim] ?? [];

    const notes: string[] = [];
    if (today < p.to) notes.push(t('notes.incomplete', { day: formatDay(minDay(today, p.to)) }));
    if (area.population.placeholder) notes.push(t('notes.placeholderPopulation'));
    if (target.success && target.data.confidence && target.data.confidence !== 'CONFIRMED') notes.push(t('notes.targetUnconfirmed'));
    if (campaignYearOf(p.from, area.campaignYear.startMonth) !== year) notes.push(t('notes.crossesYears'));
    if (!ledger.exact) notes.push(t('notes.estimated'));

    return {
      period: { ...p, label: periodLabel(t, p), timezone: area.timezone, complete: today > p.to },
      generatedAt: this.deps.now().toISOString(),
      locale,
      minCell: k,
      exact: ledger.exact,
      definitions: {
        reached: t('definitions.reached'),
        reachRate: t('definitions.reachRate', { target: target.success ? percent(target.data.value) : '—' }),
        channels: t('definitions.channels'),
        periods: t('definitions.periods', { timezone: area.timezone }),
        details: t('definitions.details'),
        suppression: t('definitions.suppression', { k }),
        anonymity: t('definitions.anonymity'),
        deletion: t('definitions.deletion'),
      },
      reached: { people: main.total.people, deliveries: main.total.events },
      reachRate: {
        campaignYear: year,
        from: yearRange.from,
        to: rateTo,
        people: yearToDate.people,
        population,
        populationPlaceholder: area.population.placeholder === true,
        rate,
        ...(target.success
          ? { target: target.data.value, targetConfirmed: target.data.confidence === 'CONFIRMED', met: rate >= target.data.value }
          : {}),
      },
      series,
      byChannel: rows('channel')
        .filter((r) => r.value !== null)
        .map((r) => ({ id: r.value!, label: t(`channels.${r.value}`, { defaultValue: r.value }), people: r.people, deliveries: r.events }))
        .sort((a, b) => b.people - a.people || a.id.localeCompare(b.id)),
      byTopic: rows('topic')
        .filter((r) => r.value !== null)
        .map((r) => ({ id: r.value!, label: topicLabel(r.value!), people: r.people, deliveries: r.events }))
        .sort((a, b) => b.people - a.people || a.id.localeCompare(b.id)),
      byResidentialGroup: cells(
        rows('residentialGroup'),
        area.residentialGroups.map((g) => ({ id: g.id, label: g.name })),
        t('notGiven'),
        k,
      ),
      byGender: cells(rows('gender'), GENDERS.map((g) => ({ id: g, label: this.deps.i18n.t(locale, `details.gender.${g}`) })), t('notGiven'), k),
      byAgeBand: cells(rows('ageBand'), AGE_BANDS.map((a) => ({ id: a, label: this.deps.i18n.t(locale, `details.age.${a}`) })), t('notGiven'), k),
      quiz: {
        participants: quiz.total.people,
        ...quizCounts,
        completionRate: quizCounts.attempts > 0 ? quizCounts.completions / quizCounts.attempts : null,
        byTopic: (quiz.by.topic ?? [])
          .filter((r) => r.value !== null)
          .map((r) => ({ id: r.value!, label: topicLabel(r.value!), participants: r.people }))
          .sort((a, b) => b.participants - a.participants || a.id.localeCompare(b.id)),
      },
      support: { deliveries: suppressFigure(support.total.events, k) },
      notes,
    };
  }

  /** First attempts begun and finished in the period, summed from the quiz's daily counters. */
  private async quizCounts(p: Period): Promise<{ attempts: number; completions: number }> {
    const docs = await this.deps.records.list<Record<string, number>>(DAILY_COLLECTION);
    let attempts = 0;
    let completions = 0;
    for (const d of docs) {
      const day = d.id.slice(-10); // ids end with the town's day: `<quiz>:<round>:<YYYY-MM-DD>`
      if (day < p.from || day > p.to) continue;
      attempts += d.doc.attempts ?? 0;
      completions += d.doc.completions ?? 0;
    }
    return { attempts, completions };
  }
}

/**
 * Every known value in its usual order (so an empty group shows as hidden, not as missing),
 * values no longer in content after them, and "not given" last; then small cells are hidden.
 */
function cells(
  rows: NonNullable<ReachAnswer['by'][ReachDimension]>,
  known: Array<{ id: string; label: string }>,
  notGiven: string,
  k: number,
): CellRow[] {
  const count = new Map(rows.map((r) => [r.value, r.people]));
  const list: Array<{ id: string | null; label: string }> = [
    ...known,
    ...rows.filter((r) => r.value !== null && !known.some((x) => x.id === r.value)).map((r) => ({ id: r.value, label: r.value! })),
    { id: null, label: notGiven },
  ];
  const shown = suppressCells(list.map((x) => count.get(x.id) ?? 0), k);
  return list.map((x, i) => ({ id: x.id, label: x.label, people: shown[i]! }));
}

export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toString()}%`;
}

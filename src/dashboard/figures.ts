import type { QuizStats } from '../quiz/stats';
import type { ReachReport } from '../reach/report';
import type { CsvColumn } from './csv';
import { html, jsonForScript, type SafeHtml } from './html';
import { t, type PageContext } from './layout';

/**
 * The tables of the dashboard and the quarterly report, defined once: each has its rows, its
 * columns (shared by the HTML table and the CSV export) and the definition shown beneath it.
 */
export interface FigureTable<T = Record<string, unknown>> {
  id: string;
  title: string;
  rows: T[];
  columns: CsvColumn<T>[];
  /** Column indexes that hold numbers (right-aligned). */
  numeric: number[];
  definition?: string;
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v));

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits).replace('.', ',')}%`;
}

/** Every table of a reach report and of the quiz statistics. */
export function reachTables(p: PageContext, r: ReachReport, quiz: QuizStats[]): FigureTable<Row>[] {
  const d = r.definitions;
  const people = t(p, 'people');
  const deliveries = t(p, 'deliveries');
  const cellTable = (id: string, title: string, rows: ReachReport['byGender']): FigureTable<Row> => ({
    id,
    title,
    rows: rows.map((c) => ({ label: c.label, people: c.people })),
    columns: [
      { header: title, value: (x) => str(x.label) },
      { header: people, value: (x) => str(x.people) },
    ],
    numeric: [1],
    definition: `${d.details} ${d.suppression}`,
  });
  const series = r.series[0];
  const rounds = quiz.flatMap((q) => q.rounds.map((round) => ({ quiz: q, round })));
  return [
    {
      id: 'reach-series',
      title: t(p, 'series'),
      rows: (series?.points ?? []).map((pt) => ({ label: pt.label + (pt.partial ? ` ${t(p, 'partial')}` : ''), people: pt.people })),
      columns: [
        { header: t(p, 'periodCol'), value: (x) => str(x.label) },
        { header: people, value: (x) => str(x.people) },
      ],
      numeric: [1],
      definition: `${d.reached} ${d.periods}`,
    },
    {
      id: 'reach-by-channel',
      title: t(p, 'byChannel'),
      rows: r.byChannel.map((c) => ({ label: c.label, people: c.people, deliveries: c.deliveries })),
      columns: [
        { header: t(p, 'channel'), value: (x) => str(x.label) },
        { header: people, value: (x) => str(x.people) },
        { header: deliveries, value: (x) => str(x.deliveries) },
      ],
      numeric: [1, 2],
      definition: d.channels,
    },
    {
      id: 'reach-by-topic',
      title: t(p, 'byTopic'),
      rows: r.byTopic.map((c) => ({ label: c.label, people: c.people, deliveries: c.deliveries })),
      columns: [
        { header: t(p, 'topic'), value: (x) => str(x.label) },
        { header: people, value: (x) => str(x.people) },
        { header: deliveries, value: (x) => str(x.deliveries) },
      ],
      numeric: [1, 2],
      definition: d.reached,
    },
    cellTable('reach-by-group', t(p, 'byGroup'), r.byResidentialGroup),
    cellTable('reach-by-gender', t(p, 'byGender'), r.byGender),
    cellTable('reach-by-age', t(p, 'byAge'), r.byAgeBand),
    {
      id: 'quiz-rounds',
      title: t(p, 'quizRounds'),
      rows: rounds.map(({ quiz: q, round }) => ({
        round: `${q.title[p.locale] ?? q.title.vi} – ${round.title[p.locale] ?? round.title.vi}`,
        attempts: round.attempts,
        completions: round.completions,
        rate: pct(round.completionRate, 0),
        mean: round.meanScore === null ? (round.withheld && round.completions > 0 ? `<${t(p, 'kShort')}` : '—') : `${round.meanScore.toFixed(1).replace('.', ',')}/${round.questions}`,
      })),
      columns: [
        { header: t(p, 'round'), value: (x) => str(x.round) },
        { header: t(p, 'attempts'), value: (x) => str(x.attempts) },
        { header: t(p, 'completions'), value: (x) => str(x.completions) },
        { header: t(p, 'completionRate'), value: (x) => str(x.rate) },
        { header: t(p, 'meanScore'), value: (x) => str(x.mean) },
      ],
      numeric: [1, 2, 3, 4],
      definition: t(p, 'quizDefinition'),
    },
    {
      id: 'quiz-misconceptions',
      title: t(p, 'misconceptions'),
      rows: rounds.flatMap(({ round }) =>
        (round.misconceptions ?? []).map((m) => ({
          question: m.text[p.locale] ?? m.text.vi,
          wrong: pct(m.wrongShare, 0),
          answer: m.option.text[p.locale] ?? m.option.text.vi,
          count: m.option.count,
        })),
      ),
      columns: [
        { header: t(p, 'question'), value: (x) => str(x.question) },
        { header: t(p, 'wrongShare'), value: (x) => str(x.wrong) },
        { header: t(p, 'wrongAnswer'), value: (x) => str(x.answer) },
        { header: t(p, 'wrongCount'), value: (x) => str(x.count) },
      ],
      numeric: [1, 3],
      definition: t(p, 'misconceptionDefinition'),
    },
  ];
}

export function renderTable(p: PageContext, table: FigureTable<Row>, csvHref?: string): SafeHtml {
  return html`<section id="${table.id}">
    <h2>${table.title}</h2>
    ${table.rows.length === 0
      ? html`<p class="note">${t(p, 'empty')}</p>`
      : html`<div class="table-wrap"><table>
          <thead><tr>${table.columns.map((c, i) => html`<th class="${table.numeric.includes(i) ? 'num' : ''}">${c.header}</th>`)}</tr></thead>
          <tbody>${table.rows.map((row) => html`<tr>${table.columns.map((c, i) => html`<td class="${table.numeric.includes(i) ? 'num' : ''}">${String(c.value(row) ?? '')}</td>`)}</tr>`)}</tbody>
        </table></div>`}
    ${table.definition ? html`<p class="def">${table.definition}</p>` : ''}
    ${csvHref ? html`<p class="csv"><a href="${csvHref}" download>${t(p, 'downloadCsv')}</a></p>` : ''}
  </section>`;
}

/** The reach rate against the target line, big and clear, with what it means. */
export function renderReachRate(p: PageContext, r: ReachReport): SafeHtml {
  const rr = r.reachRate;
  const target = rr.target;
  const width = Math.min(100, rr.rate * 100);
  return html`<section id="reach-rate" aria-labelledby="reach-rate-title">
    <h2 id="reach-rate-title">${t(p, 'reachRate', { year: rr.campaignYear })}</h2>
    <p><span class="big" data-figure="reach-rate">${pct(rr.rate)}</span>
      ${target !== undefined ? html`<span class="target"> / ${t(p, 'targetLine', { target: pct(target, 0) })}</span>` : ''}</p>
    <div class="bar" role="img" aria-label="${pct(rr.rate)} / ${target !== undefined ? pct(target, 0) : '—'}">
      <span style="width:${width.toFixed(1)}%"></span>
      ${target !== undefined ? html`<i style="left:${(target * 100).toFixed(1)}%"></i>` : ''}
    </div>
    <p>${t(p, 'reachRateDetail', { people: rr.people.toLocaleString('vi-VN'), population: rr.population.toLocaleString('vi-VN'), from: rr.from, to: rr.to })}
      ${target !== undefined ? html` <strong>${rr.met ? t(p, 'targetMet') : t(p, 'targetNotMet', { missing: Math.max(0, Math.ceil(target * rr.population) - rr.people).toLocaleString('vi-VN') })}</strong>` : ''}</p>
    <p class="def">${r.definitions.reachRate}</p>
    ${r.notes.length > 0 ? html`<ul class="note">${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
  </section>`;
}

/** A Chart.js line of unique residents reached per unit of the period, drawn by dashboard.js. */
export function renderSeriesChart(p: PageContext, r: ReachReport): SafeHtml {
  const series = r.series[0];
  if (!series || series.points.length === 0) return html``;
  const spec = {
    type: 'bar',
    data: {
      labels: series.points.map((pt) => pt.label),
      datasets: [{ label: t(p, 'people'), data: series.points.map((pt) => pt.people), backgroundColor: '#0b6e4f' }],
    },
    options: { responsive: true, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  return html`<section id="reach-chart">
    <h2>${t(p, 'series')}</h2>
    <canvas data-chart="chart-series" height="120" aria-label="${t(p, 'series')}"></canvas>
    <script type="application/json" id="chart-series">${jsonForScript(spec)}</script>
    <p class="def">${r.definitions.reached}</p>
  </section>`;
}

export function renderSummary(p: PageContext, r: ReachReport): SafeHtml {
  return html`<section id="summary" class="grid">
    <div><h2>${t(p, 'reachedInPeriod', { period: r.period.label })}</h2>
      <p class="big" data-figure="reached">${r.reached.people.toLocaleString('vi-VN')}</p>
      <p class="def">${r.definitions.reached}</p></div>
    <div><h2>${t(p, 'supportDelivered')}</h2>
      <p class="big" data-figure="support">${String(r.support.deliveries)}</p>
      <p class="def">${t(p, 'supportDefinition')} ${r.definitions.suppression}</p></div>
  </section>`;
}

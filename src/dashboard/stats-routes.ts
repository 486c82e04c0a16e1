import { Router, type Request, type Response } from 'express';
import type { Content } from '../content/types';
import type { QuizStats } from '../quiz/stats';
import { dayInZone } from '../reach/calendar';
import { parsePeriod, PeriodError } from '../reach/periods';
import type { ReachReport, ReachReporter } from '../reach/report';
import { toCsv } from './csv';
import { reachTables, renderReachRate, renderSeriesChart, renderSummary, renderTable } from './figures';
import { html } from './html';
import { layout, t, type PageContext } from './layout';
import type { DashboardHelpers } from './routes';
import { caller, identify, requirePermission } from './security';
import type { Sessions } from '../officers/sessions';
import type { AuditLog } from '../officers/audit';
import type { Locale } from '../content/schemas';

export interface StatsSources {
  content: Content;
  reach: ReachReporter;
  quiz: () => Promise<QuizStats[]>;
  now: () => Date;
}

/** The current quarter in the town's time zone, e.g. "2026-Q4". */
export function currentQuarter(content: Content, now: Date): string {
  const day = dayInZone(now, content.area.timezone);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Periods offered in the selector: this year's quarters so far, last year's, and the years. */
function periodChoices(current: string): string[] {
  const [y, q] = [Number(current.slice(0, 4)), Number(current.slice(6))];
  const out: string[] = [];
  for (let i = q; i >= 1; i--) out.push(`${y}-Q${i}`);
  out.push(String(y));
  for (let i = 4; i >= 1; i--) out.push(`${y - 1}-Q${i}`);
  out.push(String(y - 1));
  return out;
}

/**
 * Figures for officers: the overview, the printable quarterly report, CSV exports of every table,
 * and the same figures as JSON under /api/stats for the province's systems.
 */
export function statsRoutes(src: StatsSources) {
  const periodOf = (req: Request): string => {
    const q = typeof req.query.period === 'string' && req.query.period.trim() ? req.query.period.trim() : currentQuarter(src.content, src.now());
    parsePeriod(q, src.content.area.campaignYear.startMonth); // throws PeriodError on nonsense
    return q;
  };
  const load = async (p: PageContext, period: string): Promise<{ report: ReachReport; quiz: QuizStats[] }> => ({
    report: await src.reach.report(period, { locale: p.locale }),
    quiz: await src.quiz(),
  });

  return (r: Router, { page, deps }: DashboardHelpers) => {
    /** The period asked for (default: this quarter), or undefined after answering 400. */
    const periodOr400 = (req: Request, res: Response): string | undefined => {
      try {
        return periodOf(req);
      } catch (err) {
        if (!(err instanceof PeriodError)) throw err;
        res.status(400).type('text/plain').send(`Unknown period "${String(req.query.period)}"`);
        return undefined;
      }
    };

    r.get('/', requirePermission('stats:read', 'page'), async (req, res) => {
      const p = page(req, res);
      const period = periodOr400(req, res);
      if (!period) return;
      const { report, quiz } = await load(p, period);
      const tables = reachTables(p, report, quiz);
      const choices = periodChoices(currentQuarter(src.content, src.now()));
      res.type('html').send(
        layout(
          p,
          `${t(p, 'overview')} · ${report.period.label}`,
          html`<form class="noprint" method="get" action="/dashboard">
              <label for="period">${t(p, 'period')}</label>
              <select id="period" name="period">${choices.map((c) => html`<option value="${c}" ${c === period ? 'selected' : ''}>${c}</option>`)}</select>
              <button type="submit">${t(p, 'show')}</button>
              <a href="/dashboard/report?period=${encodeURIComponent(period)}">${t(p, 'report')}</a>
            </form>
            ${renderReachRate(p, report)}
            ${renderSummary(p, report)}
            ${renderSeriesChart(p, report)}
            ${tables.map((tb) => renderTable(p, tb, `/dashboard/export/${tb.id}.csv?period=${encodeURIComponent(period)}`))}`,
          { charts: true },
        ),
      );
    });

    r.get('/report', requirePermission('report:export', 'page'), async (req, res) => {
      const p = page(req, res);
      const period = periodOr400(req, res);
      if (!period) return;
      const { report, quiz } = await load(p, period);
      await deps.audit.write(caller(res).officer!.username, 'export', `report ${period}`);
      const area = src.content.area;
      const d = report.definitions;
      res.type('html').send(
        layout(
          p,
          t(p, 'reportTitle', { period: report.period.label }),
          html`<section>
              <p>${t(p, 'reportFor', { area: area.name[p.locale], province: area.province[p.locale] })}</p>
              <p class="note">${t(p, 'generatedAt', { at: report.generatedAt.slice(0, 16).replace('T', ' ') })} · ${t(p, 'periodRange', { from: report.period.from, to: report.period.to, tz: report.period.timezone })}</p>
              <p class="noprint"><button type="button" class="secondary" data-print>${t(p, 'print')}</button></p>
            </section>
            ${renderReachRate(p, report)}
            ${renderSummary(p, report)}
            ${reachTables(p, report, quiz).map((tb) => renderTable(p, tb))}
            <section id="definitions">
              <h2>${t(p, 'definitions')}</h2>
              <dl>${Object.entries(d).map(([k, v]) => html`<dt>${t(p, `def.${k}`)}</dt><dd>${v}</dd>`)}</dl>
            </section>`,
          { charts: true },
        ),
      );
    });

    r.get('/export/:table.csv', requirePermission('report:export', 'page'), async (req, res) => {
      const p = page(req, res);
      const period = periodOr400(req, res);
      if (!period) return;
      const { report, quiz } = await load(p, period);
      const table = reachTables(p, report, quiz).find((tb) => tb.id === req.params.table);
      if (!table) return void res.status(404).type('text/plain').send('No such table');
      await deps.audit.write(caller(res).officer!.username, 'export', `${table.id}.csv ${period}`);
      res.type('text/csv; charset=utf-8').attachment(`${table.id}-${period}.csv`).send(toCsv(table.rows, table.columns));
    });
  };
}

/**
 * /api/stats: the same figures as JSON, for an officer session or an API token
 * (`Authorization: Bearer bdt_…`, created by an admin on /dashboard/tokens).
 */
export function statsApi(src: StatsSources, deps: { sessions: Sessions; audit: AuditLog }): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  r.use(identify(deps.sessions));
  r.use(requirePermission('stats:read', 'api'));
  const locale = (req: Request): Locale => (req.query.lang === 'en' ? 'en' : 'vi');
  const period = (req: Request): string => {
    const q = typeof req.query.period === 'string' && req.query.period.trim() ? req.query.period.trim() : currentQuarter(src.content, src.now());
    parsePeriod(q, src.content.area.campaignYear.startMonth);
    return q;
  };
  r.get('/reach', async (req, res) => {
    try {
      const p = period(req);
      const report = await src.reach.report(p, { locale: locale(req) });
      await deps.audit.write(caller(res).officer!.username, 'api', `reach ${p}`);
      res.json(report);
    } catch (err) {
      if (err instanceof PeriodError) return void res.status(400).json({ error: 'bad_period', message: err.message });
      throw err;
    }
  });
  r.get('/quiz', async (_req, res) => {
    await deps.audit.write(caller(res).officer!.username, 'api', 'quiz');
    res.json({ quizzes: await src.quiz() });
  });
  r.use((_req, res) => void res.status(404).json({ error: 'not_found', endpoints: ['/api/stats/reach?period=2026-Q4&lang=vi', '/api/stats/quiz'] }));
  return r;
}

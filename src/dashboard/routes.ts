import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { serialize } from 'cookie';
import express, { type Express, type Request, type Response, Router } from 'express';
import type { Locale } from '../content/schemas';
import type { I18n } from '../i18n';
import type { Logger } from '../logger';
import type { OfficerAccounts } from '../officers/accounts';
import type { AuditLog } from '../officers/audit';
import { sameSecret, type Sessions } from '../officers/sessions';
import type { StateStore } from '../stores/ports';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets';
import { toCsv } from './csv';
import { html } from './html';
import { layout, t, type PageContext } from './layout';
import {
  caller,
  clearSessionCookie,
  cookies,
  identify,
  LANG_COOKIE,
  loginRateLimit,
  requirePermission,
  sessionCookie,
  verifyCsrf,
} from './security';

export interface DashboardDeps {
  i18n: I18n;
  logger: Logger;
  accounts: OfficerAccounts;
  sessions: Sessions;
  audit: AuditLog;
  state: StateStore;
  /** Extra page and API routes (figures, reports, callback inbox), mounted after authentication. */
  extend?: Array<(router: Router, helpers: DashboardHelpers) => void>;
  sessionTtlMs?: number;
}

export interface DashboardHelpers {
  page(req: Request, res: Response): PageContext;
  deps: DashboardDeps;
}

const LOGIN_CSRF_COOKIE = 'bd_lcsrf';

/** Where a login may send the officer next: only back into the dashboard. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/dashboard';
}

/**
 * The officers' dashboard: login, sessions, CSRF, roles, audit log, API tokens, language.
 * Figures and the callback inbox plug in through `extend`.
 */
export function mountDashboard(app: Express, deps: DashboardDeps): void {
  const r = Router();
  const ttl = deps.sessionTtlMs ?? 8 * 60 * 60_000;
  r.use(express.urlencoded({ extended: false, limit: '16kb' }));
  r.use((_req, res, next) => {
    // Officer pages hold personal and sensitive figures: never cached, never framed.
    res.set('cache-control', 'no-store');
    next();
  });
  r.use(identify(deps.sessions));

  const locale = (req: Request): Locale => (cookies(req)[LANG_COOKIE] === 'en' ? 'en' : 'vi');
  const page = (req: Request, res: Response): PageContext => {
    const c = caller(res);
    return { locale: locale(req), i18n: deps.i18n, officer: c.officer, csrf: c.session?.csrf, path: req.originalUrl };
  };
  const helpers: DashboardHelpers = { page, deps };

  r.get('/assets/dashboard.css', (_req, res) => void res.type('css').set('cache-control', 'public, max-age=3600').send(DASHBOARD_CSS));
  r.get('/assets/dashboard.js', (_req, res) => void res.type('js').set('cache-control', 'public, max-age=3600').send(DASHBOARD_JS));
  // chart.js does not export its UMD build by name; it sits beside the CommonJS entry.
  const chartJs = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  r.get('/assets/chart.umd.js', (_req, res) => {
    res.set('cache-control', 'public, max-age=86400').type('js').sendFile(chartJs);
  });

  r.get('/lang/:lang', (req, res) => {
    const lang = req.params.lang === 'en' ? 'en' : 'vi';
    res.setHeader('set-cookie', serialize(LANG_COOKIE, lang, { path: '/dashboard', sameSite: 'lax', maxAge: 365 * 86400 }));
    res.redirect(303, safeNext(req.query.next));
  });

  const loginForm = (req: Request, res: Response, error?: string, status = 200) => {
    const p = page(req, res);
    const token = randomBytes(18).toString('base64url');
    res.setHeader('set-cookie', serialize(LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/dashboard', secure: req.secure }));
    res.status(status).type('html').send(
      layout(
        p,
        t(p, 'login'),
        html`<section class="login">
          ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
          <form method="post" action="/dashboard/login">
            <input type="hidden" name="_csrf" value="${token}">
            <input type="hidden" name="next" value="${safeNext(req.query.next ?? (req.body as { next?: string } | undefined)?.next)}">
            <label for="username">${t(p, 'username')}</label>
            <input id="username" name="username" autocomplete="username" required autofocus>
            <label for="password">${t(p, 'password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <p><button type="submit">${t(p, 'login')}</button></p>
          </form>
        </section>`,
      ),
    );
  };

  r.get('/login', (req, res) => loginForm(req, res));

  r.post('/login', loginRateLimit(deps.state), async (req, res) => {
    const body = req.body as { username?: unknown; password?: unknown; _csrf?: unknown; next?: unknown };
    const expected = cookies(req)[LOGIN_CSRF_COOKIE];
    if (typeof body._csrf !== 'string' || !expected || !sameSecret(body._csrf, expected)) {
      res.status(403).type('text/plain').send('Invalid or missing CSRF token');
      return;
    }
    const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const result = await deps.accounts.login(username, password);
    const p = page(req, res);
    if (!result.ok) {
      await deps.audit.write(username.slice(0, 40) || '(empty)', `login.${result.reason === 'invalid' ? 'failed' : result.reason}`);
      const message = result.reason === 'locked' ? t(p, 'loginLocked') : result.reason === 'disabled' ? t(p, 'loginDisabled') : t(p, 'loginFailed');
      loginForm(req, res, message, 401);
      return;
    }
    const s = await deps.sessions.create(result.officer);
    await deps.audit.write(result.officer.username, 'login');
    res.setHeader('set-cookie', [sessionCookie(s.id, req.secure, ttl), serialize(LOGIN_CSRF_COOKIE, '', { path: '/dashboard', maxAge: 0 })]);
    res.redirect(303, safeNext(body.next));
  });

  r.post('/logout', verifyCsrf, async (req, res) => {
    const c = caller(res);
    await deps.sessions.destroy(c.session?.id);
    if (c.officer) await deps.audit.write(c.officer.username, 'logout');
    res.setHeader('set-cookie', clearSessionCookie(req.secure));
    res.redirect(303, '/dashboard/login');
  });

  // Audit log (admins).
  r.get('/audit', requirePermission('audit:read', 'page'), async (req, res) => {
    const p = page(req, res);
    const entries = await deps.audit.recent(500);
    res.type('html').send(
      layout(
        p,
        t(p, 'audit'),
        html`<section>
          <p class="csv"><a href="/dashboard/audit.csv">${t(p, 'downloadCsv')}</a></p>
          <div class="table-wrap"><table>
            <thead><tr><th>${t(p, 'auditWhen')}</th><th>${t(p, 'auditWho')}</th><th>${t(p, 'auditWhat')}</th><th>${t(p, 'auditTarget')}</th></tr></thead>
            <tbody>${entries.map((e) => html`<tr><td>${e.at}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.target ?? ''}</td></tr>`)}</tbody>
          </table></div>
        </section>`,
      ),
    );
  });
  r.get('/audit.csv', requirePermission('audit:read', 'page'), async (_req, res) => {
    const entries = await deps.audit.recent(100_000);
    await deps.audit.write(caller(res).officer!.username, 'export', 'audit.csv');
    res.type('text/csv; charset=utf-8').attachment('audit.csv').send(
      toCsv(entries, [
        { header: 'at', value: (e) => e.at },
        { header: 'actor', value: (e) => e.actor },
        { header: 'action', value: (e) => e.action },
        { header: 'target', value: (e) => e.target },
      ]),
    );
  });

  // API tokens for the province (admins).
  r.get('/tokens', requirePermission('tokens:manage', 'page'), async (req, res) => {
    await tokensPage(req, res);
  });
  r.post('/tokens', requirePermission('tokens:manage', 'page'), verifyCsrf, async (req, res) => {
    const name = String((req.body as { name?: unknown }).name ?? '').trim().slice(0, 60);
    if (!/^[\w.-]{2,60}$/.test(name)) return void (await tokensPage(req, res));
    const token = await deps.sessions.createToken(name, caller(res).officer!.username);
    await deps.audit.write(caller(res).officer!.username, 'token.create', name);
    await tokensPage(req, res, token);
  });
  r.post('/tokens/:id/revoke', requirePermission('tokens:manage', 'page'), verifyCsrf, async (req, res) => {
    if (await deps.sessions.revokeToken(String(req.params.id))) await deps.audit.write(caller(res).officer!.username, 'token.revoke', String(req.params.id));
    res.redirect(303, '/dashboard/tokens');
  });

  async function tokensPage(req: Request, res: Response, created?: string): Promise<void> {
    const p = page(req, res);
    const tokens = await deps.sessions.listTokens();
    res.type('html').send(
      layout(
        p,
        t(p, 'tokens'),
        html`<section>
          ${created ? html`<p>${t(p, 'tokenCreated')}</p><p><code data-token>${created}</code></p>` : ''}
          <form method="post" action="/dashboard/tokens">
            <input type="hidden" name="_csrf" value="${p.csrf ?? ''}">
            <input name="name" placeholder="${t(p, 'tokenName')}" required pattern="[A-Za-z0-9_.\\-]{2,60}">
            <button type="submit">${t(p, 'tokenCreate')}</button>
          </form>
          <div class="table-wrap"><table><tbody>
            ${tokens.map(
              (k) => html`<tr><td>${k.name}</td><td>${k.createdBy}</td><td>${k.createdAt}</td>
                <td><form class="inline" method="post" action="/dashboard/tokens/${k.id}/revoke"><input type="hidden" name="_csrf" value="${p.csrf ?? ''}"><button class="secondary">${t(p, 'tokenRevoke')}</button></form></td></tr>`,
            )}
          </tbody></table></div>
        </section>`,
      ),
    );
  }

  for (const extend of deps.extend ?? []) extend(r, helpers);
  app.use('/dashboard', r);
}

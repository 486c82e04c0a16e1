import type { Locale } from '../content/schemas';
import type { I18n } from '../i18n';
import { can, type Officer } from '../officers/roles';
import { html, type SafeHtml } from './html';

export interface PageContext {
  locale: Locale;
  i18n: I18n;
  officer?: Officer;
  csrf?: string;
  /** The current path, for the language switch. */
  path: string;
}

export function t(p: PageContext, key: string, vars?: Record<string, unknown>): string {
  return p.i18n.t(p.locale, `dashboard.${key}`, vars);
}

export function layout(p: PageContext, title: string, body: SafeHtml, opts: { charts?: boolean } = {}): string {
  const other = p.locale === 'vi' ? 'en' : 'vi';
  const o = p.officer;
  return html`<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(p, 'title')}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<header>
  <span class="brand">${t(p, 'title')}</span>
  ${o
    ? html`<nav>
        <a href="/dashboard">${t(p, 'overview')}</a>
        <a href="/dashboard/report">${t(p, 'report')}</a>
        ${can(o, 'callbacks:read') ? html`<a href="/dashboard/callbacks">${t(p, 'callbacks')}</a>` : ''}
        ${can(o, 'audit:read') ? html`<a href="/dashboard/audit">${t(p, 'audit')}</a>` : ''}
        ${can(o, 'tokens:manage') ? html`<a href="/dashboard/tokens">${t(p, 'tokens')}</a>` : ''}
      </nav>`
    : ''}
  <a href="/dashboard/lang/${other}?next=${encodeURIComponent(p.path)}" data-lang="${other}">${t(p, 'language')}</a>
  ${o
    ? html`<span class="note">${t(p, 'signedInAs', { name: o.username })}</span>
      <form class="inline" method="post" action="/dashboard/logout"><input type="hidden" name="_csrf" value="${p.csrf ?? ''}"><button class="secondary" type="submit">${t(p, 'logout')}</button></form>`
    : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
${opts.charts ? html`<script src="/dashboard/assets/chart.umd.js"></script><script src="/dashboard/assets/dashboard.js"></script>` : ''}
</body>
</html>`.toString();
}

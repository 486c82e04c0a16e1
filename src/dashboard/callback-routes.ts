import type { Router } from 'express';
import type { ProactiveSender } from '../channels';
import type { AuditLog } from '../officers/audit';
import type { CallbackDesk } from '../support/callback-desk';
import { html } from './html';
import { layout, t } from './layout';
import type { DashboardHelpers } from './routes';
import { caller, requirePermission, verifyCsrf } from './security';

/**
 * The callback-request inbox, for officers with the support role only. Listing shows no detail
 * of anyone; opening a request reads it (and CallbackDesk writes the read to the audit log).
 */
export function callbackRoutes(desk: CallbackDesk, senders: ReadonlyMap<string, ProactiveSender>, audit: AuditLog) {
  return (r: Router, { page }: DashboardHelpers) => {
    r.get('/callbacks', requirePermission('callbacks:read', 'page'), async (req, res) => {
      const p = page(req, res);
      const list = await desk.list(caller(res).officer!);
      res.type('html').send(
        layout(
          p,
          t(p, 'callbacks'),
          html`<section>
            <p class="def">${t(p, 'callbacksNote')}</p>
            ${list.length === 0
              ? html`<p class="note">${t(p, 'empty')}</p>`
              : html`<div class="table-wrap"><table>
                  <thead><tr><th>${t(p, 'requestedAt')}</th><th>${t(p, 'status')}</th><th>${t(p, 'deletedOn')}</th><th></th></tr></thead>
                  <tbody>${list.map(
                    (c) => html`<tr data-callback="${c.id}"><td>${c.createdAt.slice(0, 16).replace('T', ' ')}</td>
                      <td>${t(p, `callbackStatus.${c.status}`)}</td><td>${c.expiresAt?.slice(0, 10) ?? ''}</td>
                      <td><a href="/dashboard/callbacks/${encodeURIComponent(c.id)}">${t(p, 'open')}</a></td></tr>`,
                  )}</tbody></table></div>`}
          </section>`,
        ),
      );
    });

    r.get('/callbacks/:id', requirePermission('callbacks:read', 'page'), async (req, res) => {
      const p = page(req, res);
      const sent = typeof req.query.sent === 'string' ? req.query.sent : undefined;
      const notice = sent === 'ok' ? { ok: true, text: t(p, 'replySent') } : sent ? { ok: false, text: t(p, `replyFailed.${sent}`, { defaultValue: t(p, 'replyFailed.failed') }) } : undefined;
      const view = await desk.read(caller(res).officer!, String(req.params.id));
      if (!view) return void res.status(404).type('html').send(layout(p, t(p, 'callbacks'), html`<section><p>${t(p, 'callbackGone')}</p></section>`));
      const d = view.details;
      // The stored conversation reference (platform ids) is for the bot's reply, never shown.
      const time = d.time ? ('preset' in d.time ? t(p, `callbackTime.${d.time.preset}`, { defaultValue: d.time.preset }) : d.time.text) : undefined;
      const rows: Array<[string, string | undefined]> = [
        ['method', t(p, `callbackMethod.${d.method}`, { defaultValue: d.method })],
        ['phone', d.phone],
        ['time', time],
        ['safeWord', d.safeWord],
        ['channel', d.channel],
        ['locale', d.locale],
      ];
      res.type('html').send(
        layout(
          p,
          t(p, 'callbackTitle', { at: view.createdAt.slice(0, 16).replace('T', ' ') }),
          html`<section>
            <p class="def">${t(p, 'callbackSafety')}</p>
            <dl>${rows
              .filter(([, v]) => v)
              .map(([k, v]) => html`<dt>${t(p, `callbackField.${k}`)}</dt><dd data-field="${k}">${v}</dd>`)}</dl>
            <p>${t(p, 'status')}: ${t(p, `callbackStatus.${view.status}`)}</p>
            ${notice ? html`<p class="${notice.ok ? 'note' : 'error'}" role="status">${notice.text}</p>` : ''}
            ${d.method === 'chat'
              ? d.reply && senders.has(d.channel)
                ? html`<form method="post" action="/dashboard/callbacks/${encodeURIComponent(view.id)}/reply">
                    <input type="hidden" name="_csrf" value="${p.csrf ?? ''}">
                    <label for="reply">${t(p, 'replyLabel')}</label>
                    <p class="def">${t(p, 'replyNote')}</p>
                    <textarea id="reply" name="text" rows="4" maxlength="1000" required style="width:100%">${d.safeWord ? `${d.safeWord} ` : ''}</textarea>
                    <p><button type="submit">${t(p, 'replySend')}</button></p>
                  </form>`
                : html`<p class="error">${t(p, 'replyUnavailable')}</p>`
              : ''}
            <form class="inline" method="post" action="/dashboard/callbacks/${encodeURIComponent(view.id)}/contacted">
              <input type="hidden" name="_csrf" value="${p.csrf ?? ''}"><button type="submit">${t(p, 'markContacted')}</button></form>
            <form class="inline" method="post" action="/dashboard/callbacks/${encodeURIComponent(view.id)}/delete">
              <input type="hidden" name="_csrf" value="${p.csrf ?? ''}"><button type="submit" class="secondary">${t(p, 'delete')}</button></form>
          </section>`,
        ),
      );
    });

    r.post('/callbacks/:id/contacted', requirePermission('callbacks:write', 'page'), verifyCsrf, async (req, res) => {
      await desk.markContacted(caller(res).officer!, String(req.params.id));
      res.redirect(303, '/dashboard/callbacks');
    });

    // An officer's answer in the chat. The text goes to the platform and nowhere else: not stored,
    // not logged; the audit log records that a reply was sent, not what it said.
    r.post('/callbacks/:id/reply', requirePermission('callbacks:write', 'page'), verifyCsrf, async (req, res) => {
      const officer = caller(res).officer!;
      const id = String(req.params.id);
      const text = String((req.body as { text?: unknown }).text ?? '').trim();
      const back = (outcome: string) => res.redirect(303, `/dashboard/callbacks/${encodeURIComponent(id)}?sent=${outcome}`);
      if (!text || text.length > 1000) return void back('empty');
      const view = await desk.read(officer, id);
      if (!view) return void res.redirect(303, '/dashboard/callbacks');
      const send = senders.get(view.details.channel);
      if (view.details.method !== 'chat' || !view.details.reply || !send) return void back('unavailable');
      const result = await send(view.details.reply, text);
      await audit.write(officer.username, result.ok ? 'callback.reply' : `callback.reply.${result.reason}`, id);
      if (!result.ok) return void back(result.reason);
      await desk.markContacted(officer, id);
      back('ok');
    });

    r.post('/callbacks/:id/delete', requirePermission('callbacks:write', 'page'), verifyCsrf, async (req, res) => {
      await desk.delete(caller(res).officer!, String(req.params.id));
      res.redirect(303, '/dashboard/callbacks');
    });
  };
}

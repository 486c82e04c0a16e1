import { Counter } from 'prom-client';
import type { Channel, ChannelContext, ChannelFactory } from '..';
import { ZaloAdapter } from './adapter';
import { ZaloClient } from './client';
import { isRetryable } from './errors';
import type { ZaloInbound } from './events';
import { ZALO_CHANNEL } from './mapper';
import { ZaloTokens } from './tokens';
import { ZaloTurns } from './turns';
import { ZaloUserRecords } from './user-records';
import { zaloWebhook } from './webhook';

export { ZaloAdapter } from './adapter';
export { zaloSiteVerification } from './site-verification';
export { zaloSignature, verifyZaloSignature } from './webhook';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';

/**
 * The Zalo Official Account channel, live when ZALO_APP_ID, ZALO_APP_SECRET and
 * ZALO_OA_SECRET_KEY are set. Webhook -> durable inbox -> ZaloAdapter turn -> CS messages.
 */
export const zaloChannel: ChannelFactory = (ctx: ChannelContext): Channel | undefined => {
  const cfg = ctx.cfg.zalo;
  if (!cfg) return undefined;
  const { logger, metrics, stores, bot, inbox } = ctx;
  const tokens = new ZaloTokens({
    records: stores.records,
    state: stores.state,
    cipher: ctx.cipher,
    pseudonyms: ctx.pseudonyms,
    oauth: { oauthBase: cfg.oauthBase, appId: cfg.appId, appSecret: cfg.appSecret, timeoutMs: cfg.httpTimeoutMs },
    logger,
  });
  const client = new ZaloClient({ apiBase: cfg.apiBase, timeoutMs: cfg.httpTimeoutMs, tokens, logger, metrics });
  const records = new ZaloUserRecords(stores.state, ctx.cfg.conversationTtlMs);
  const adapter = bot.attach(new ZaloAdapter({ client, records, logger, metrics }));
  // A send that may succeed later is not the bot's error to apologise for: it goes back to the
  // inbox untouched (dialog state unsaved), and the turn runs again after a backoff.
  const policy = adapter.onTurnError;
  adapter.onTurnError = async (turnCtx, err) => {
    if (isRetryable(err)) throw err;
    await policy(turnCtx, err);
  };
  const turns = new ZaloTurns({ adapter, bot, records, logger });
  inbox.register(ZALO_CHANNEL, (event, meta) => turns.handle(event as ZaloInbound, meta));
  const events = new Counter({
    name: 'bot_zalo_webhook_events_total',
    help: 'Zalo webhook requests by outcome (accepted, duplicate, ignored, unknown, stale, bad_signature, malformed, unavailable)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  return {
    name: `zalo (${ZALO_WEBHOOK_PATH})`,
    proactive: {
      channelId: ZALO_CHANNEL,
      send: async (reference, text) => {
        const r = await adapter.officerMessage(reference, text);
        if (r.ok) return { ok: true };
        // -230/-232: outside the consultation window; -213: not following the OA any more.
        const reason = r.code === 'window' || r.code === '-230' || r.code === '-232' || r.code === '-227' ? 'window-closed' : r.code === '-213' ? 'not-following' : 'failed';
        return { ok: false, reason, code: r.code };
      },
    },
    mount: (app) => {
      app.post(
        ZALO_WEBHOOK_PATH,
        ...zaloWebhook({
          appId: cfg.appId,
          oaSecretKey: cfg.oaSecretKey,
          maxAgeMs: cfg.eventMaxAgeMs,
          bodyLimitBytes: ctx.cfg.bodyLimitBytes,
          inbox,
          logger,
          events,
        }),
      );
    },
    readiness: [{ name: 'zalo', check: () => tokens.check() }],
    async start() {
      await tokens.init({ accessToken: cfg.accessToken, refreshToken: cfg.refreshToken });
      tokens.start();
    },
    async close() {
      tokens.stop();
    },
  };
};

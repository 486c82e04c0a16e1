import type { ChannelFactory, ProactiveResult } from '..';
import { MessengerAdapter } from './adapter';
import { GraphApiError, MessengerClient } from './client';
import { MESSENGER_CHANNEL } from './mapper';
import { SentLedger } from './sent-ledger';
import { mountWebhook, WEBHOOK_PATH } from './webhook';

export { MessengerAdapter } from './adapter';
export { MessengerClient, GraphApiError } from './client';
export { verifyMessengerSignature, WEBHOOK_PATH } from './webhook';

/**
 * The Messenger channel, live when MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and
 * MESSENGER_PAGE_ACCESS_TOKEN are set. The webhook stores events in the durable inbox; the inbox
 * hands them to the adapter, which runs the bot and calls the Send API.
 */
export const messengerChannel: ChannelFactory = (ctx) => {
  const m = ctx.cfg.messenger;
  if (!m) return undefined;
  const logger = ctx.logger.child({ channel: MESSENGER_CHANNEL });
  const client = new MessengerClient(
    { apiBase: m.apiBase, pageAccessToken: m.pageAccessToken, appSecret: m.appSecret, sendsPerSecond: m.sendsPerSecond },
    logger,
    ctx.metrics,
  );
  // Payload kinds the features answer: a referral naming one of them opens it directly.
  const knownKinds = new Set(ctx.bot.features.flatMap((f) => Object.keys(f.payloads ?? {})));
  const adapter = ctx.bot.attach(new MessengerAdapter(client, new SentLedger(ctx.stores.state), logger, () => knownKinds)).guardSendFailures();
  ctx.inbox.register(MESSENGER_CHANNEL, (event, meta) => adapter.handle(event, meta, (turn) => ctx.bot.run(turn)));

  return {
    name: `messenger (${WEBHOOK_PATH})`,
    proactive: {
      channelId: MESSENGER_CHANNEL,
      send: async (reference, text) => {
        let result: ProactiveResult = { ok: true };
        await adapter.continueConversation(reference, async (turn) => {
          try {
            await turn.sendActivity({ type: 'message', text, channelData: { humanAgent: true } });
          } catch (err) {
            if (!(err instanceof GraphApiError)) throw err;
            // 10/2018278: past the 7 days the tag allows; 551: the person is not available.
            const reason = err.graphCode === 551 ? 'not-following' : err.graphCode === 10 || err.subcode === 2018278 ? 'window-closed' : 'failed';
            result = { ok: false, reason, code: String(err.graphCode ?? err.status ?? '-') };
          }
        });
        return result;
      },
    },
    mount: (app) => mountWebhook(app, { appSecret: m.appSecret, verifyToken: m.verifyToken, inbox: ctx.inbox, logger }),
    readiness: [
      {
        name: 'messenger',
        check: async () => {
          const failure = client.authFailure;
          if (failure) {
            throw Object.assign(new Error('page token rejected'), {
              safeMessage: `Meta refused the page token (${failure.kind}, code ${failure.graphCode ?? failure.status}): check MESSENGER_PAGE_ACCESS_TOKEN and the app's pages_messaging permission`,
            });
          }
        },
      },
    ],
    async start() {
      // In the background: a slow or unreachable Graph API must not hold startup back.
      client.checkToken().catch(() => undefined);
    },
  };
};

import type { MiddlewareHandler as Middleware } from 'botbuilder';
import type { Metrics } from '../../metrics';
import type { StateStore } from '../../stores/ports';
import { turnInfo } from '../turn';

const WINDOW_MS = 60_000;

/**
 * One sender flooding the bot cannot starve everyone else: past `perMinute` messages in a
 * minute, messages are dropped. The sender is told once per window, not once per message.
 * The counter key goes through PrivateStateStore, so it is a pseudonym like every state key.
 */
export function rateLimitMiddleware(state: StateStore, perMinute: number, metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const from = ctx.activity.from?.id;
    if (ctx.activity.type !== 'message' || !from) return next();
    const channel = ctx.activity.channelId ?? 'unknown';
    const count = await state.increment(`ratelimit/${channel}/${from}`, WINDOW_MS);
    if (count <= perMinute) return next();
    metrics.rateLimited.inc({ channel });
    if (count === perMinute + 1) await ctx.sendActivity(turnInfo(ctx).t('common.rateLimited'));
  };
}

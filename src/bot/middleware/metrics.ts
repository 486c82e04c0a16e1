import type { MiddlewareHandler as Middleware } from 'botbuilder';
import type { Metrics } from '../../metrics';

/** Counts turns and replies and times each turn; labels are the channel only. */
export function metricsMiddleware(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const channel = ctx.activity.channelId ?? 'unknown';
    if (ctx.activity.type !== 'message') return next();
    metrics.turns.inc({ channel });
    const end = metrics.turnDuration.startTimer({ channel });
    ctx.onSendActivities(async (_c, activities, nextSend) => {
      metrics.replies.inc({ channel }, activities.filter((a) => a.type === 'message').length);
      return nextSend();
    });
    try {
      await next();
    } finally {
      end();
    }
  };
}

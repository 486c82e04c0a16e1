import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler as Middleware, StatePropertyAccessor } from 'botbuilder';
import type { I18n } from '../../i18n';
import { TURN_INFO, type Profile, type TurnInfo } from '../turn';

/**
 * Sets the turn's language from the resident's saved choice (Vietnamese first). The platform's
 * own locale is not used: a Vietnamese resident with an English phone still gets Vietnamese.
 */
export function localeMiddleware(profile: StatePropertyAccessor<Profile>, i18n: I18n, defaultLocale: 'vi' | 'en'): Middleware {
  return async (ctx, next) => {
    const p = ctx.activity.from?.id ? await profile.get(ctx, {}) : {};
    const locale = p.locale ?? defaultLocale;
    const info: TurnInfo = { locale, t: i18n.fixedT(locale), turnId: randomUUID(), channel: ctx.activity.channelId ?? 'unknown' };
    ctx.turnState.set(TURN_INFO, info);
    await next();
  };
}

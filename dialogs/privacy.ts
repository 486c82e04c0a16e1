import type { TurnContext } from 'botbuilder';
import { sendChoices } from '../src/bot/choices';
import { turnInfo } from '../src/bot/turn';
import type { DialogDeps } from './deps';
import { DetailsPayload } from './details';
import { menuChoice, menuChoices } from './menu';

export const PrivacyPayload = {
  whatKept: 'PRIVACY',
  forget: 'FORGET',
  forgetConfirmed: 'FORGET:confirm',
  forgetCancelled: 'FORGET:keep',
} as const;

const DAY_MS = 86_400_000;

/** The name residents know the app by, for "your messages stay in <app>". */
function appName(ctx: TurnContext): string {
  const { t } = turnInfo(ctx);
  const channel = ctx.activity.channelId ?? '';
  return channel === 'zalo' || channel === 'messenger' ? t(`reach.channels.${channel}`) : t('privacy.thisApp');
}

/**
 * A resident's rights over their data (Decree 13/2023/NĐ-CP; the personal data protection law
 * in force from 2026): to know what the bot keeps, in plain words, answered from the stores
 * through every feature's `describeKept`; and to have it all erased at once, through every
 * feature's `forget` and the bot's own state.
 */
export class Privacy {
  constructor(private readonly deps: DialogDeps) {}

  async whatKept(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    const lines: string[] = [];
    for (const f of this.deps.features()) lines.push(...((await f.describeKept?.(ctx)) ?? []));
    const cfg = this.deps.services.config;
    lines.push(t('privacy.keep.conversation', { days: Math.round(cfg.conversationTtlMs / DAY_MS) }));
    const text = [
      t('privacy.keepTitle'),
      ...lines.map((l) => `• ${l}`),
      '',
      t('privacy.keep.never'),
      t('privacy.keep.platform', { app: appName(ctx) }),
      t('privacy.keep.deleteHint'),
    ].join('\n');
    await sendChoices(ctx, text, [
      { title: t('privacy.deleteButton'), value: PrivacyPayload.forget },
      { title: t('details.button'), value: DetailsPayload.show },
      menuChoice(ctx),
    ]);
  }

  async confirmForget(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('privacy.confirm'), [
      { title: t('privacy.confirmYes'), value: PrivacyPayload.forgetConfirmed },
      { title: t('privacy.confirmNo'), value: PrivacyPayload.forgetCancelled },
    ]);
  }

  /**
   * Erases everything at once: each feature's records (opt-ins, quiz progress, reach rows…),
   * then the conversation and user state (language, optional details). Only then does it say
   * so; if any part fails the turn fails, nothing claims success, and asking again is safe.
   */
  async forget(ctx: TurnContext): Promise<void> {
    for (const f of this.deps.features()) await f.forget?.(ctx);
    await this.deps.forgetState(ctx);
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('privacy.deleted', { app: appName(ctx) }), menuChoices(ctx));
  }

  async keep(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('privacy.kept'), menuChoices(ctx));
  }
}

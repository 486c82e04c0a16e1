import type { TurnContext } from 'botbuilder';
import { sendChoices, type Choice } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import type { DialogDeps } from './deps';

export function menuChoices(ctx: TurnContext): Choice[] {
  const { t } = turnInfo(ctx);
  return [
    { title: t('menu.learn'), value: Payload.learn },
    { title: t('menu.quiz'), value: Payload.quiz },
    { title: t('menu.support'), value: Payload.support },
    { title: t('menu.settings'), value: Payload.settings },
  ];
}

export function menuChoice(ctx: TurnContext): Choice {
  return { title: turnInfo(ctx).t('common.menu'), value: Payload.menu };
}

export async function showMenu(ctx: TurnContext, text?: string): Promise<void> {
  await sendChoices(ctx, text ?? turnInfo(ctx).t('menu.prompt'), menuChoices(ctx));
}

/**
 * The welcome, with its one-line privacy note, is shown once per person: on Get Started, on a
 * first greeting, or before the answer to a first question.
 */
export async function welcomeOnce(ctx: TurnContext, deps: DialogDeps): Promise<boolean> {
  const profile = await deps.profile.get(ctx, {});
  if (profile.welcomedAt) return false;
  const { t } = turnInfo(ctx);
  await ctx.sendActivity(`${t('menu.welcome')}\n\n${t('menu.privacy')}`);
  profile.welcomedAt = new Date().toISOString().slice(0, 10);
  await deps.profile.set(ctx, profile);
  return true;
}

import { ActionTypes, type Activity, type CardAction, MessageFactory, type TurnContext } from 'botbuilder';

/** A button: what it says, and the payload it sends. */
export interface Choice {
  title: string;
  value: string;
}

/**
 * A message with buttons. Suggested actions are the channel-neutral form: Messenger renders them
 * as quick replies, Zalo as buttons or a numbered list, the console as numbered lines.
 * The choices are also returned to the caller to remember, so a resident who types "2" or the
 * button's words instead of tapping gets the same result.
 */
export function withChoices(text: string, choices: Choice[]): Partial<Activity> {
  if (choices.length === 0) return MessageFactory.text(text);
  const actions: CardAction[] = choices.map((c) => ({ type: ActionTypes.PostBack, title: c.title, value: c.value }));
  return MessageFactory.suggestedActions(actions, text);
}

/** Turn-scoped record of the last buttons offered (saved in conversation state by the bot). */
export const OFFERED_KEY = Symbol('offeredChoices');

export async function sendChoices(ctx: TurnContext, text: string, choices: Choice[]): Promise<void> {
  ctx.turnState.set(OFFERED_KEY, choices);
  await ctx.sendActivity(withChoices(text, choices));
}

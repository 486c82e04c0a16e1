import type { TurnContext } from 'botbuilder';

const ERASED = Symbol('erased');

/**
 * Marks a turn in which the resident's data was erased ("delete my data"): the bot then saves
 * no state at the end of the turn and the reach middleware records nothing, so nothing about
 * the person is written back after it was deleted.
 */
export function markErased(ctx: TurnContext): void {
  ctx.turnState.set(ERASED, true);
}

export function wasErased(ctx: TurnContext): boolean {
  return ctx.turnState.get(ERASED) === true;
}

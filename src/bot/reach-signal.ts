import type { TurnContext } from 'botbuilder';

/**
 * What a turn delivered that counts toward the reach statistics. Dialogs note it; the reach
 * middleware records it after the turn (anonymously, through the ReachLedger). Dialogs never
 * talk to the ledger themselves, and nothing is recorded for a turn that failed.
 */
export interface ReachSignal {
  /** knowledge: an article or answer delivered; quiz: a round completed; support-info: service information delivered. */
  kind: 'knowledge' | 'quiz' | 'support-info';
  /**
   * A short lowercase id (a topic of content/topics.yaml); anything else is dropped. On
   * support-info only a topics.yaml id is kept, and never a person or optional details.
   */
  topic?: string;
}

const REACH_SIGNALS = Symbol('reachSignals');

export function noteReach(ctx: TurnContext, signal: ReachSignal): void {
  const list = (ctx.turnState.get(REACH_SIGNALS) as ReachSignal[] | undefined) ?? [];
  list.push(signal);
  ctx.turnState.set(REACH_SIGNALS, list);
}

export function reachSignals(ctx: TurnContext): ReachSignal[] {
  return (ctx.turnState.get(REACH_SIGNALS) as ReachSignal[] | undefined) ?? [];
}

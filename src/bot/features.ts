import type { Dialog } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';

/** What a route handler may ask of the main dialog: start a child dialog. */
export interface RouteOutcome {
  begin?: { dialogId: string; options?: object };
}

export type RouteHandler = (ctx: TurnContext, args: string[]) => Promise<RouteOutcome | void>;

/**
 * A part of the bot (knowledge, quiz, support, settings…) plugs in here: the dialogs it owns,
 * the payload kinds and typed commands it answers, and an optional look at free text before the
 * knowledge search (the support path uses it to notice distress). Adding a feature is one line in
 * dialogs/features.ts; the router never needs editing.
 */
export interface Feature {
  name: string;
  dialogs?: Dialog[];
  payloads?: Record<string, RouteHandler>;
  /** Payload kinds that belong to this feature's own dialog and must not interrupt it. */
  localPayloads?: string[];
  commands?: Record<string, RouteHandler>;
  beforeSearch?: (ctx: TurnContext, text: string) => Promise<RouteOutcome | 'handled' | undefined>;
  /**
   * Text this feature must see whatever dialog is running (for example words of distress in the
   * middle of a quiz). A match cancels the running dialog and goes to `handle`.
   */
  interceptors?: Array<{ name: string; matches: (text: string) => boolean; handle: (ctx: TurnContext, text: string) => Promise<RouteOutcome | void> }>;
  /** Erases what this feature keeps about the person of this turn ("delete my data", unfollow). */
  forget?: (ctx: TurnContext) => Promise<void>;
  /** Plain-language lines saying what this feature keeps about the person ("what do you keep"). */
  describeKept?: (ctx: TurnContext) => Promise<string[]>;
}

import type { StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { Content } from '../src/content/types';
import type { KnowledgeIndex } from '../src/search/knowledge-index';
import type { CommandMatcher } from '../src/bot/commands';
import type { Choice } from '../src/bot/choices';
import type { Profile } from '../src/bot/turn';
import type { Logger } from '../src/logger';
import type { BotServices } from '../src/bot/bot';
import type { StateStore } from '../src/stores/ports';
import type { Feature } from '../src/bot/features';

/** What dialogs are given. They never see platform JSON, stores or HTTP. */
export interface DialogDeps {
  content: Content;
  index: KnowledgeIndex;
  commands: CommandMatcher;
  profile: StatePropertyAccessor<Profile>;
  /** The buttons offered last in this conversation, so typed numbers and titles work. */
  offered: StatePropertyAccessor<Choice[]>;
  /** Article parts are at most this long: a comfortable screenful on a phone. */
  articlePartChars: number;
  logger: Logger;
  services: BotServices;
  /** For short-lived, per-person flags outside dialog state (claims, counters). Keys are pseudonymised. */
  state: StateStore;
  /** The resident's own state (sealed, pseudonymous, long TTL): a feature keeps its property here. */
  userState: UserState;
  /** Every feature of the bot (for "what do you keep about me" and "delete my data"). */
  features: () => readonly Feature[];
  /** Erases this person's conversation and user state; nothing is saved for the rest of the turn. */
  forgetState: (ctx: TurnContext) => Promise<void>;
}

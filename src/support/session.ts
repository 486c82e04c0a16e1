import type { TurnContext } from 'botbuilder';
import type { StateStore } from '../stores/ports';
import type { CallbackDetails, ContactMethod } from './callback-request';

/** The free-text answer the callback form is waiting for. */
export type CallbackField = 'phone' | 'time' | 'word';

/** A callback request being filled in. */
export interface CallbackDraft {
  method?: ContactMethod;
  phone?: string;
  time?: CallbackDetails['time'];
  safeWord?: string;
  /** Set while the bot waits for typed text (a phone number, a time, a safe word). */
  awaiting?: CallbackField;
}

/** Everything the support path keeps about a conversation: that it is on the path, and a draft. */
export interface SupportSession {
  since: string;
  draft?: CallbackDraft;
}

/**
 * The support path's memory, kept apart from botbuilder's conversation state so that it can
 * have its own short TTL (SUPPORT_STATE_TTL_MINUTES): a half-filled callback form, or the mere
 * fact that someone opened the path, is forgotten within minutes, not weeks. It goes through the
 * StateStore, so its key is a keyed pseudonym and its value sealed, like all state.
 */
export class SupportSessions {
  constructor(
    private readonly state: StateStore,
    private readonly ttlMs: number,
  ) {}

  async get(ctx: TurnContext): Promise<SupportSession | undefined> {
    const k = key(ctx);
    const items = await this.state.read([k]);
    const item = items[k] as (SupportSession & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...session } = item;
    return session;
  }

  /** Saves the session; every save starts the TTL again. */
  async save(ctx: TurnContext, session: SupportSession): Promise<void> {
    await this.state.write({ [key(ctx)]: { ...session, eTag: '*' } }, this.ttlMs);
  }

  async clear(ctx: TurnContext): Promise<void> {
    await this.state.delete([key(ctx)]);
  }
}

function key(ctx: TurnContext): string {
  return `${ctx.activity.channelId}/conversations/${ctx.activity.conversation?.id ?? ''}/support-path`;
}

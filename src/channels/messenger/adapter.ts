import {
  type Activity,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { InboxTurnMeta } from '../../bot/inbox';
import type { Logger } from '../../logger';
import { GraphApiError, type MessengerClient } from './client';
import { turnEventSchema } from './events';
import { eventToActivity } from './mapper';
import { renderActivity } from './render';
import type { SentLedger } from './sent-ledger';

const TURN = Symbol('messengerTurn');

/** The Graph API failure behind an error, through botbuilder-dialogs' DialogContextError wrapping. */
function graphFailure(err: unknown): GraphApiError | undefined {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof GraphApiError) return e;
    e = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What the adapter tracks during one turn taken from the inbox. */
interface TurnSends {
  seq: string;
  psid: string;
  /** Index of the next Send API call in this turn. */
  next: number;
  /** Calls already made by an earlier run of this turn (skipped now). */
  skip: number;
  started: boolean;
  typing?: Promise<void>;
}

export interface MessengerAdapterOptions {
  /** A turn with no reply after this long shows the typing indicator first. */
  typingAfterMs?: number;
}

/**
 * The Messenger channel as a botbuilder adapter: an inbox event becomes an Activity, and what
 * the bot sends becomes Send API calls. A turn re-run after a crash or a failed call skips the
 * calls that went out the first time (see SentLedger), so each reply reaches the resident once.
 */
export class MessengerAdapter extends BotAdapter {
  private readonly typingAfterMs: number;

  constructor(
    private readonly client: MessengerClient,
    private readonly ledger: SentLedger,
    private readonly logger: Logger,
    private readonly knownKinds: () => ReadonlySet<string>,
    options: MessengerAdapterOptions = {},
  ) {
    super();
    this.typingAfterMs = options.typingAfterMs ?? 500;
  }

  /**
   * Send failures meet their own policy before the bot's: a retryable one fails the turn so the
   * inbox runs it again later (state unsaved, sent replies skipped); a permanent one (expired
   * token, closed window, unreachable person) ends the turn quietly, because a polite error
   * reply could not be delivered either. The client has logged and counted it with its code.
   * Call after `bot.attach(adapter)`.
   */
  guardSendFailures(): this {
    const policy = this.onTurnError;
    this.onTurnError = async (ctx, err) => {
      const failure = graphFailure(err);
      if (failure) {
        if (failure.retryable) throw failure;
        return;
      }
      if (policy) await policy(ctx, err);
      else throw err;
    };
    return this;
  }

  /** Runs the turn for one event the inbox hands back (see Inbox.register). */
  async handle(stored: unknown, meta: InboxTurnMeta, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const parsed = turnEventSchema.safeParse(stored);
    if (!parsed.success) {
      this.logger.error({ seq: meta.seq }, 'messenger: a stored event has an unknown shape; dropped');
      return;
    }
    const event = parsed.data;
    const turn: TurnSends = {
      seq: meta.seq,
      psid: event.psid,
      next: 0,
      skip: meta.attempt > 1 ? await this.ledger.count(meta.seq) : 0,
      started: false,
    };
    const ctx = new TurnContext(this, eventToActivity(event, this.knownKinds()));
    ctx.turnState.set(TURN, turn);
    const timer = setTimeout(() => {
      if (!turn.started && turn.skip === 0) turn.typing = this.typing(event.psid);
    }, this.typingAfterMs);
    try {
      await this.runMiddleware(ctx, logic);
    } finally {
      clearTimeout(timer);
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = context.turnState.get(TURN) as TurnSends | undefined;
    const psid = turn?.psid ?? context.activity.conversation?.id;
    if (!psid) throw new Error('messenger: no recipient for this activity');
    if (turn) {
      turn.started = true;
      if (turn.typing) await turn.typing;
    }
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      let id = '';
      // Inside a turn the bot answers the resident (RESPONSE); a proactive message is an UPDATE.
      for (const body of renderActivity(activity, psid, turn ? 'RESPONSE' : 'UPDATE', activity.locale ?? 'vi')) {
        if (turn) {
          const n = turn.next++;
          if (n < turn.skip) continue;
          id = (await this.client.send(body)).messageId ?? id;
          await this.ledger.mark(turn.seq, n + 1);
        } else {
          id = (await this.client.send(body)).messageId ?? id;
        }
      }
      responses.push({ id });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('Messenger cannot edit a message once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('Messenger cannot delete a message once sent');
  }

  /** A proactive turn (for example a reminder the resident asked for), per botbuilder's pattern. */
  async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const request = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, request), logic);
  }

  private async typing(psid: string): Promise<void> {
    try {
      await this.client.send({ recipient: { id: psid }, sender_action: 'typing_on' }, { retry: false });
    } catch {
      // Only a courtesy: the client has logged it, and the reply itself will say if sending fails.
    }
  }
}

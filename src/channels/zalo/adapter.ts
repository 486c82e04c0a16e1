import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import { turnInfo } from '../../bot/turn';
import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics';
import type { Recipient, ZaloClient } from './client';
import { type ButtonMemory, remember, ZALO_CHANNEL } from './mapper';
import { type RenderLabels, renderActivity } from './render';
import type { ZaloUserRecords } from './user-records';

/** What the adapter knows about the turn it is sending for. */
export interface ZaloTurn {
  userId: string;
  /** The inbox item behind this turn; undefined for a proactive turn. */
  seq?: string;
  /** The resident's message being answered (replies name it, see client.ts). */
  replyTo?: string;
  /** Messages an earlier run of this same turn already handed to Zalo: not sent again. */
  skip: number;
  /** Messages this run has reached, delivered or given up on. */
  sent: number;
  memory: ButtonMemory;
  memoryChanged: boolean;
  /** False when Zalo would refuse anything (no interaction within 7 days, or unfollowed). */
  windowOpen: boolean;
  /** A code after which the rest of the turn cannot be delivered either (window, follow, quota). */
  stoppedBy?: string;
}

const ZALO_TURN = Symbol('zaloTurn');

const FALLBACK_LABELS: RenderLabels = { typeNumber: 'Bạn gõ số để chọn (ví dụ: 1).', choose: 'Bạn chọn một mục nhé:' };

export interface ZaloAdapterDeps {
  client: ZaloClient;
  records: ZaloUserRecords;
  logger: Logger;
  metrics: Metrics;
}

/**
 * A botbuilder BotAdapter for a Zalo Official Account: the webhook's events become Activities
 * (mapper.ts) and the bot's replies become CS messages (render.ts, client.ts). Messages go out in
 * order, one at a time, because Zalo shows them in the order it receives them.
 */
export class ZaloAdapter extends BotAdapter {
  constructor(private readonly deps: ZaloAdapterDeps) {
    super();
  }

  /** Runs one turn. A retryable send failure propagates so the inbox runs the turn again later. */
  async runTurn(activity: Partial<Activity>, turn: ZaloTurn, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const ctx = new TurnContext(this, activity);
    ctx.turnState.set(ZALO_TURN, turn);
    await this.runMiddleware(ctx, logic);
  }

  async sendActivities(ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = ctx.turnState.get(ZALO_TURN) as ZaloTurn | undefined;
    if (!turn) throw new Error('zalo: a send outside a Zalo turn');
    const labels = this.labels(ctx);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const { messages, offered } = renderActivity(activity, labels);
      const memory = remember(turn.memory, offered);
      if (memory !== turn.memory) {
        turn.memory = memory;
        turn.memoryChanged = true;
      }
      let id = '';
      for (const message of messages) {
        const index = turn.sent++;
        if (index < turn.skip) continue; // delivered before a crash or a failed retry
        if (!turn.windowOpen || turn.stoppedBy) {
          this.deps.metrics.outbound.inc({ channel: ZALO_CHANNEL, outcome: 'skipped', code: turn.stoppedBy ?? 'window_closed' });
        } else {
          const recipient: Recipient = turn.replyTo ? { message_id: turn.replyTo } : { user_id: turn.userId };
          const outcome = await this.deps.client.send(recipient, message, turn.userId);
          if (outcome.ok) id = outcome.messageId ?? id;
          else if (outcome.undeliverable) turn.stoppedBy = outcome.code;
        }
        if (turn.seq) await this.deps.records.setSentCount(turn.seq, turn.sent);
      }
      responses.push({ id });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('Zalo cannot edit a message once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('Zalo cannot delete a message once sent');
  }

  /**
   * A proactive turn (a reminder, a callback update). Zalo refuses consultation messages more
   * than 7 days after the resident's last interaction, so outside that window nothing is sent
   * and each message is counted as skipped; `mayReply` lets a feature ask first.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    await this.proactiveTurn(reference, logic);
  }

  /**
   * One message from an officer into a resident's chat (a callback request answered "in this
   * chat"). Returns what Zalo did with it: `window` when the 7 days after the resident's last
   * message have passed, otherwise the code that stopped it.
   */
  async officerMessage(reference: Partial<ConversationReference>, text: string): Promise<{ ok: true } | { ok: false; code: string }> {
    const turn = await this.proactiveTurn(reference, async (ctx) => {
      await ctx.sendActivity({ type: ActivityTypes.Message, text });
    });
    if (!turn.windowOpen) return { ok: false, code: 'window' };
    return turn.stoppedBy ? { ok: false, code: turn.stoppedBy } : { ok: true };
  }

  private async proactiveTurn(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<ZaloTurn> {
    const userId = reference.user?.id ?? reference.conversation?.id;
    if (!userId) throw new Error('zalo: a conversation reference without a user');
    const turn: ZaloTurn = {
      userId,
      skip: 0,
      sent: 0,
      memory: await this.deps.records.memory(userId),
      memoryChanged: false,
      windowOpen: await this.mayReply(userId),
    };
    const request = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runTurn({ ...request, channelId: ZALO_CHANNEL }, turn, logic);
    if (turn.memoryChanged) await this.deps.records.saveMemory(userId, turn.memory);
    return turn;
  }

  /** Whether Zalo still accepts consultation messages to this resident. */
  async mayReply(userId: string): Promise<boolean> {
    return (await this.deps.records.lastInteraction(userId)) !== undefined;
  }

  private labels(ctx: TurnContext): RenderLabels {
    try {
      const { t } = turnInfo(ctx);
      return { typeNumber: t('zalo.typeNumber'), choose: t('zalo.choose') };
    } catch {
      return FALLBACK_LABELS;
    }
  }
}

import { type Activity, ActivityTypes } from 'botbuilder';
import type { BinhDangBot } from '../../bot/bot';
import type { InboxTurnMeta } from '../../bot/inbox';
import type { Logger } from '../../logger';
import type { ZaloAdapter, ZaloTurn } from './adapter';
import type { ZaloInbound } from './events';
import { ZaloRetryableError } from './errors';
import { toActivity, ZALO_CHANNEL } from './mapper';
import type { ZaloUserRecords } from './user-records';

export interface ZaloTurnsDeps {
  adapter: ZaloAdapter;
  bot: BinhDangBot;
  records: ZaloUserRecords;
  logger: Logger;
}

/**
 * What happens to each event the inbox hands back, in order per resident: the interaction is
 * noted (it opens Zalo's 7-day window), the event becomes an Activity and the bot takes its
 * turn; an unfollow erases what the bot keeps about the person instead.
 */
export class ZaloTurns {
  constructor(private readonly deps: ZaloTurnsDeps) {}

  async handle(event: ZaloInbound, meta: InboxTurnMeta): Promise<void> {
    if (event.kind === 'unfollow') return this.forget(event.userId);
    const msgId = event.kind === 'text' || event.kind === 'media' ? event.msgId : undefined;
    await this.deps.records.touch(event.userId, event.timestamp, msgId);
    const memory = await this.deps.records.memory(event.userId);
    const activity = toActivity(event, memory);
    if (!activity) return;
    const turn: ZaloTurn = {
      userId: event.userId,
      seq: meta.seq,
      replyTo: msgId,
      // Only a re-run can have sent anything before (attempts count leases).
      skip: meta.attempt > 1 ? await this.deps.records.sentCount(meta.seq) : 0,
      sent: 0,
      memory,
      memoryChanged: false,
      windowOpen: true,
    };
    await this.deps.adapter.runTurn(activity, turn, (ctx) => this.deps.bot.run(ctx));
    if (turn.memoryChanged) await this.deps.records.saveMemory(event.userId, turn.memory);
  }

  /**
   * Unfollow: the person left, so everything kept about them goes: conversation and user state,
   * what every feature keeps (opt-ins, reminders…), and the channel's own records. Nothing is
   * sent: Zalo would refuse it (-213) and the person asked for silence.
   */
  async forget(userId: string): Promise<void> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Event,
      name: 'zalo.unfollow',
      channelId: ZALO_CHANNEL,
      from: { id: userId, name: 'resident' },
      recipient: { id: 'oa', name: 'oa' },
      conversation: { id: userId, isGroup: false, conversationType: 'personal', name: 'zalo' },
      timestamp: new Date(),
    };
    const turn: ZaloTurn = { userId, skip: 0, sent: 0, memory: { sets: [] }, memoryChanged: false, windowOpen: false };
    const { bot } = this.deps;
    await this.deps.adapter.runTurn(activity, turn, async (ctx) => {
      // Every step runs even if one fails; a failure makes the inbox run the whole erasure again.
      const failures: unknown[] = [];
      for (const step of [
        ...bot.features.filter((f) => f.forget).map((f) => () => f.forget!(ctx)),
        () => bot.conversationState.delete(ctx),
        () => bot.userState.delete(ctx),
      ]) {
        await step().catch((err: unknown) => failures.push(err));
      }
      if (failures.length > 0) throw new ZaloRetryableError('forget_failed', `zalo: ${failures.length} step(s) of an erasure failed`, { cause: failures[0] });
    });
    await this.deps.records.forget(userId);
    this.deps.logger.info({ channel: ZALO_CHANNEL }, 'zalo: a resident unfollowed; their state was erased');
  }
}

import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  type BotAdapter,
  ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  UserState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { createDialogs, DialogIds, type DialogDeps } from '../../dialogs';
import type { Content } from '../content/types';
import type { I18n } from '../i18n';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { KnowledgeIndex } from '../search/knowledge-index';
import type { ReachLedger, RecordStore, StateStore } from '../stores/ports';
import type { Cipher, Pseudonymizer } from '../privacy/crypto';
import type { Config } from '../config';
import { CommandMatcher } from './commands';
import type { Feature } from './features';
import { OFFERED_KEY, type Choice, sendChoices } from './choices';
import { localeMiddleware } from './middleware/locale';
import { metricsMiddleware } from './middleware/metrics';
import { rateLimitMiddleware } from './middleware/rate-limit';
import { reachMiddleware } from './middleware/reach';
import { markErased, wasErased } from './erasure';
import { ReachPersonKeys } from '../reach/person-key';
import { KeyedQueue } from './turn-queue';
import { inputText, turnInfo, TURN_INFO, type Profile, type TurnInfo } from './turn';
import { menuChoices } from '../../dialogs/menu';

export interface BotOptions {
  defaultLocale: 'vi' | 'en';
  rateLimitPerMinute: number;
  articlePartChars?: number;
}

/**
 * What features may need beyond the conversation: durable records (callback requests, quiz
 * aggregates), the pseudonymiser and cipher, the clock (tests move it), and the configuration.
 */
export interface BotServices {
  records: RecordStore;
  pseudonyms: Pseudonymizer;
  cipher: Cipher;
  now: () => Date;
  config: Config;
  /** Anonymous reach statistics; absent, nothing is recorded (a benchmark of the bot alone). */
  reach?: ReachLedger;
}

export interface BotDeps {
  content: Content;
  services: BotServices;
  i18n: I18n;
  state: StateStore;
  logger: Logger;
  metrics: Metrics;
  index?: KnowledgeIndex;
  options: BotOptions;
  /** Features added after the built-in ones (tests add a dialog of their own this way). */
  extraFeatures?: Feature[];
}

/**
 * The bot: one ActivityHandler for every channel. Channels turn platform events into Activities
 * and call `attach(adapter)` once, so every adapter runs the same middleware and error policy.
 */
export class BinhDangBot extends ActivityHandler {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  readonly profile: StatePropertyAccessor<Profile>;
  readonly index: KnowledgeIndex;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly offered: StatePropertyAccessor<Choice[]>;
  private readonly dialogs: DialogSet;
  private readonly router;
  private readonly queue = new KeyedQueue();
  /** Every feature, for cross-cutting duties such as "delete my data". */
  readonly features: Feature[];

  constructor(private readonly deps: BotDeps) {
    super();
    this.conversationState = new ConversationState(deps.state);
    this.userState = new UserState(deps.state);
    this.profile = this.userState.createProperty<Profile>('profile');
    this.dialogState = this.conversationState.createProperty<DialogState>('dialogState');
    this.offered = this.conversationState.createProperty<Choice[]>('offered');
    this.index = deps.index ?? new KnowledgeIndex(deps.content);
    const dialogDeps: DialogDeps = {
      content: deps.content,
      index: this.index,
      commands: new CommandMatcher(deps.content.commands),
      profile: this.profile,
      offered: this.offered,
      articlePartChars: deps.options.articlePartChars ?? 900,
      logger: deps.logger,
      services: deps.services,
      state: deps.state,
      userState: this.userState,
      features: () => this.features,
      forgetState: (ctx) => this.forgetState(ctx),
    };
    const { main, router } = createDialogs(dialogDeps, deps.i18n, deps.extraFeatures);
    this.features = router.features;
    this.router = router;
    this.dialogs = new DialogSet(this.dialogState).add(main);

    this.onMessage(async (ctx, next) => {
      await this.handleMessage(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      // Bot Framework channels (Emulator, Web Chat) announce a new conversation this way.
      const newcomers = (ctx.activity.membersAdded ?? []).filter((m) => m.id !== ctx.activity.recipient?.id);
      if (newcomers.length > 0) await this.runRoot(ctx, 'GET_STARTED');
      await next();
    });
  }

  /** Installs the shared middleware and the turn error policy on a channel's adapter. */
  attach<A extends BotAdapter>(adapter: A): A {
    adapter.use(
      metricsMiddleware(this.deps.metrics),
      localeMiddleware(this.profile, this.deps.i18n, this.deps.options.defaultLocale),
      rateLimitMiddleware(this.deps.state, this.deps.options.rateLimitPerMinute, this.deps.metrics),
    );
    const { reach, pseudonyms, now } = this.deps.services;
    if (reach) {
      adapter.use(
        reachMiddleware({
          ledger: reach,
          keys: new ReachPersonKeys(pseudonyms, this.deps.content.area),
          profile: this.profile,
          area: this.deps.content.area,
          topics: new Set(this.deps.content.topics.keys()),
          now,
          logger: this.deps.logger,
        }),
      );
    }
    adapter.onTurnError = (ctx, err) => this.onTurnError(ctx, err);
    return adapter;
  }

  /**
   * One turn at a time per conversation (see KeyedQueue), then state is saved. Channels call
   * this as their turn logic.
   */
  override async run(ctx: TurnContext): Promise<void> {
    const key = `${ctx.activity.channelId}/${ctx.activity.conversation?.id ?? ''}`;
    await this.queue.run(key, async () => {
      await super.run(ctx);
      // After "delete my data" nothing about the person is written back.
      if (wasErased(ctx)) return;
      const offered = ctx.turnState.get(OFFERED_KEY) as Choice[] | undefined;
      if (offered) await this.offered.set(ctx, offered);
      await this.conversationState.saveChanges(ctx);
      await this.userState.saveChanges(ctx);
    });
  }

  /**
   * Erases this person's conversation and user state (language, optional details, dialog
   * state) and marks the turn so that nothing is saved after it.
   */
  private async forgetState(ctx: TurnContext): Promise<void> {
    markErased(ctx);
    await this.conversationState.delete(ctx);
    await this.userState.delete(ctx);
  }

  /** Resolves when no turn is running (graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async handleMessage(ctx: TurnContext): Promise<void> {
    const text = inputText(ctx);
    if (!text) {
      // Stickers, photos, voice, locations: the bot reads text only and says so kindly.
      const { t } = turnInfo(ctx);
      await sendChoices(ctx, t('common.textOnly'), menuChoices(ctx));
      return;
    }
    await this.runRoot(ctx, text);
  }

  private async runRoot(ctx: TurnContext, input: string): Promise<void> {
    const dc = await this.dialogs.createContext(ctx);
    if (this.router.isInterruption(input)) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(DialogIds.main, { input });
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(DialogIds.main, { input });
  }

  private async onTurnError(ctx: TurnContext, err: Error): Promise<void> {
    const info = ctx.turnState.get(TURN_INFO) as TurnInfo | undefined;
    const turnId = info?.turnId ?? randomUUID();
    this.deps.metrics.errors.inc({ channel: ctx.activity.channelId ?? 'unknown', kind: err.name || 'Error' });
    this.deps.logger.error({ err, turnId, channel: ctx.activity.channelId }, 'turn failed');
    try {
      // A broken dialog state must not trap the person: start clean.
      await this.conversationState.delete(ctx);
      await ctx.sendActivity(this.deps.i18n.t(info?.locale ?? this.deps.options.defaultLocale, 'errors.generic'));
    } catch (replyErr) {
      this.deps.logger.error({ err: replyErr, turnId }, 'could not send the error reply');
    }
  }
}

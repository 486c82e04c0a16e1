import type { TurnContext } from 'botbuilder';
import { sendChoices } from '../src/bot/choices';
import type { Feature } from '../src/bot/features';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import { isShowable } from '../src/content/render';
import type { Content } from '../src/content/types';
import { CallbackIntake } from '../src/support/callback-intake';
import { DistressDetector, type DistressKind } from '../src/support/distress';
import { QuietList } from '../src/support/quiet';
import { SupportSessions } from '../src/support/session';
import type { DialogDeps } from './deps';
import type { Knowledge } from './knowledge';
import { menuChoice, menuChoices } from './menu';
import { SupportBranches } from './support-branches';
import { SupportCallback } from './support-callback';
import { SupportDirectory } from './support-services';
import { doneChoice, isBranchCode, noteSupportInfo, SP, sendCallCard, sendStep } from './support-ui';

/** Numbers the path prints in its own words; startup stops if one of them is not verified. */
const REQUIRED_NUMBERS = ['police-113', 'ambulance-115', 'hotline-111'] as const;
const DAY_MS = 86_400_000;

/**
 * The confidential path to support services. Reached from the menu ("SUPPORT"), by typing
 * "hỗ trợ", from a deep link carrying the SUPPORT payload, or by words of distress typed anywhere
 * (even in the middle of another dialog). It asks about danger first, then offers: understand
 * what is happening, services near you, a confidential callback, help for someone else, help to
 * stop being violent, support after trafficking. A quick exit is on every step.
 *
 * What it keeps: a short-lived, sealed session (which step, a half-filled form), a "quiet" flag so
 * no reminder reaches the phone for a while, and, if sent, one sealed callback request. The first
 * line of every message reads innocuously, since that is what a lock screen and the chat list show.
 * See docs/safety.md.
 */
export class SupportPath {
  private readonly detector: DistressDetector;
  private readonly sessions: SupportSessions;
  private readonly quiet: QuietList;
  private readonly intake: CallbackIntake;
  private readonly directory: SupportDirectory;
  private readonly branches: SupportBranches;
  private readonly callback: SupportCallback;
  private readonly content: Content;

  constructor(
    private readonly deps: DialogDeps,
    private readonly knowledge: Knowledge,
  ) {
    const { config, records, cipher, pseudonyms, now } = deps.services;
    this.content = deps.content;
    for (const id of REQUIRED_NUMBERS) {
      const s = this.content.service(id);
      if (!s || !isShowable(s)) throw new Error(`the support path needs a verified number for ${id} in services.yaml`);
    }
    this.detector = new DistressDetector(this.content);
    this.sessions = new SupportSessions(deps.state, config.supportStateTtlMs);
    this.quiet = new QuietList(deps.state, config.supportQuietMs);
    this.intake = new CallbackIntake(records, cipher, pseudonyms, now, config.callbackRetentionMs);
    this.directory = new SupportDirectory(this.content);
    this.branches = new SupportBranches(this.content, knowledge, this.directory);
    this.callback = new SupportCallback(this.sessions, this.intake, Math.round(config.callbackRetentionMs / DAY_MS), this.phone('police-113'));
  }

  feature(): Feature {
    return {
      name: 'support',
      payloads: {
        SUPPORT: (ctx) => this.open(ctx),
        SP: (ctx, args) => this.dispatch(ctx, args),
      },
      commands: {
        exit: (ctx) => this.exit(ctx),
        support: (ctx) => this.open(ctx),
      },
      interceptors: [{ name: 'distress', matches: (text) => this.detector.matches(text), handle: (ctx, text) => this.distress(ctx, text) }],
      beforeSearch: async (ctx, text) => {
        const session = await this.callback.isAwaiting(ctx, await this.deps.offered.get(ctx, []));
        if (!session) return undefined;
        await this.callback.typed(ctx, session, text);
        return 'handled';
      },
      forget: (ctx) => this.forget(ctx),
      describeKept: async (ctx) => this.describeKept(ctx),
    };
  }

  /** The menu entry, the typed word and the deep link: straight to the danger check. */
  private async open(ctx: TurnContext): Promise<void> {
    await this.enter(ctx);
    await this.askDanger(ctx);
  }

  private async dispatch(ctx: TurnContext, args: string[]): Promise<void> {
    const [step, a, b, c] = args;
    if (step === 'x') return this.exit(ctx);
    if (step === 'no') return this.decline(ctx);
    if (step === 'e') return this.end(ctx);
    await this.enter(ctx);
    switch (step) {
      case 'go':
        return this.askDanger(ctx);
      case 'dy':
        return this.dangerYes(ctx);
      case 'u':
        return this.branches.understand(ctx);
      case 's':
        return this.directory.show(ctx, isBranchCode(a) ? a : 'v');
      case 'd':
        return isBranchCode(a) ? this.directory.detail(ctx, a, Number(b)) : this.choices(ctx);
      case 'r':
        return isBranchCode(a) ? this.branches.reading(ctx, a, Number(b), Number(c ?? '1')) : this.choices(ctx);
      case 'c':
        return this.callback.intro(ctx);
      case 'cs':
        return this.callback.start(ctx);
      case 'cd':
        return this.callback.withdraw(ctx);
      case 'f':
        return this.callback.button(ctx, args.slice(1));
      case 'o':
        return this.branches.someoneElse(ctx);
      case 'p':
        return this.branches.perpetrator(ctx);
      case 't':
        return this.branches.trafficking(ctx);
      default:
        // 'dn' (not in danger now), 'm' (the choices), and anything unknown from an old button.
        return this.choices(ctx);
    }
  }

  /**
   * Words of distress, anywhere. On the path already: ask about danger again. Otherwise a gentle
   * offer that assumes nothing; a question gets its answer first, so nobody is refused one.
   */
  private async distress(ctx: TurnContext, text: string): Promise<void> {
    if (await this.sessions.get(ctx)) {
      await this.enter(ctx);
      return this.askDanger(ctx);
    }
    const kind: DistressKind = this.detector.detect(text) ?? 'victim';
    if (kind === 'urgent') {
      // Danger now: no answer to read first and no "do you want help?" — the danger check
      // itself asks, with the emergency numbers one tap away.
      await this.enter(ctx);
      return this.askDanger(ctx);
    }
    if (this.detector.isQuestion(text)) {
      const result = this.deps.index.search(text, turnInfo(ctx).locale);
      const best = result.results[0];
      if (result.answered && best) await this.knowledge.showArticle(ctx, best.id, 1, best.locale);
    }
    await this.enter(ctx);
    const { t } = turnInfo(ctx);
    const choices =
      kind === 'perpetrator'
        ? [
            { title: t('support.yes'), value: SP.perpetrator },
            { title: t('support.otherChoices'), value: SP.accept },
            { title: t('support.noThanks'), value: SP.decline },
          ]
        : [
            { title: t('support.yes'), value: SP.accept },
            { title: t('support.noThanks'), value: SP.decline },
          ];
    await sendStep(ctx, t(`support.offer.${kind}`), choices);
  }

  private async askDanger(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendStep(ctx, t('support.danger.ask', { exit: t('support.exit') }), [
      { title: t('support.yes'), value: SP.dangerYes },
      { title: t('support.no'), value: SP.dangerNo },
    ]);
  }

  /** In danger now: call buttons for 113 and 115, the nearest police post, a few safety steps. */
  private async dangerYes(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    await sendCallCard(ctx, t('support.danger.call'), [this.content.service('police-113')!, this.content.service('ambulance-115')!]);
    const nearest =
      this.content.services.find((s) => s.kind === 'police' && s.scope === 'commune') ?? this.content.service('police-113')!;
    await sendStep(ctx, t('support.danger.steps', { nearest: this.directory.reachLine(nearest, locale) }), [
      { title: t('support.otherChoices'), value: SP.choices },
      doneChoice(ctx),
    ]);
    noteSupportInfo(ctx);
  }

  private async choices(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendStep(ctx, t('support.choices.prompt'), [
      { title: t('support.choices.understand'), value: SP.understand },
      { title: t('support.choices.services'), value: SP.services() },
      { title: t('support.choices.callback'), value: SP.callback },
      { title: t('support.choices.someoneElse'), value: SP.someoneElse },
      { title: t('support.choices.perpetrator'), value: SP.perpetrator },
      { title: t('support.choices.trafficking'), value: SP.trafficking },
      doneChoice(ctx),
    ]);
  }

  private async decline(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.sessions.clear(ctx);
    await sendChoices(ctx, t('support.declined', { label: t('menu.support') }), menuChoices(ctx));
  }

  /**
   * Quick exit: the path ends at once, its state is gone, and the reply is an everyday line that
   * says nothing about violence, so the screen (and the chat list) show nothing else.
   */
  private async exit(ctx: TurnContext): Promise<void> {
    await this.sessions.clear(ctx);
    await this.innocuous(ctx);
  }

  /** The end: how to delete this thread on the person's platform, then an everyday last line. */
  private async end(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.sessions.clear(ctx);
    const channel = ctx.activity.channelId;
    const howto = channel === 'messenger' || channel === 'zalo' ? t(`support.end.${channel}`) : `${t('support.end.messenger')}\n${t('support.end.zalo')}`;
    await ctx.sendActivity(t('support.end.text', { howto }));
    await this.innocuous(ctx);
  }

  private async innocuous(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('support.exitLine'), [{ title: t('support.quiz'), value: Payload.quiz }, menuChoice(ctx)]);
  }

  /** On the path: the session is (re)started, and reminders stay away from this phone for a while. */
  private async enter(ctx: TurnContext): Promise<void> {
    const session = await this.sessions.get(ctx);
    if (!session) await this.quiet.markQuiet(ctx.activity.channelId, ctx.activity.from.id);
    await this.sessions.save(ctx, session ?? { since: this.deps.services.now().toISOString().slice(0, 10) });
  }

  private async forget(ctx: TurnContext): Promise<void> {
    await this.sessions.clear(ctx);
    await this.quiet.clear(ctx.activity.channelId, ctx.activity.from.id);
    await this.intake.withdraw(ctx.activity.channelId, ctx.activity.from.id);
  }

  /**
   * The same lines for everyone, whether or not they ever opened the path: an answer that
   * differed would tell whoever holds the phone that help was looked for.
   */
  private describeKept(ctx: TurnContext): string[] {
    const { t } = turnInfo(ctx);
    const { config } = this.deps.services;
    return [
      t('support.kept.path', { minutes: Math.round(config.supportStateTtlMs / 60_000) }),
      t('support.kept.quiet', { days: Math.round(config.supportQuietMs / DAY_MS) }),
      t('support.kept.callback', { days: Math.round(config.callbackRetentionMs / DAY_MS) }),
    ];
  }

  private phone(id: string): string {
    const s = this.content.service(id);
    return s && isShowable(s) ? s.phone : '';
  }
}

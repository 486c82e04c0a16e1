import type { TurnContext } from 'botbuilder';
import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Feature, RouteHandler, RouteOutcome } from '../src/bot/features';
import { parsePayload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import { simplify } from '../src/search/normalize';
import type { FreeTextAnswer } from './answer';
import type { DialogDeps } from './deps';
import { DialogIds } from './ids';
import { menuChoices, showMenu, welcomeOnce } from './menu';
import { sendChoices } from '../src/bot/choices';

/** What a child dialog may return: text it did not understand, for the router to handle. */
export interface ChildResult {
  reroute?: string;
}

/**
 * Decides what an input means: a button payload, a typed command, the number or words of a
 * button offered last, something a feature wants to look at first, or a question.
 */
export class Router {
  private readonly payloads = new Map<string, RouteHandler>();
  private readonly commands = new Map<string, RouteHandler>();
  private readonly localPayloads = new Set<string>();
  private readonly beforeSearch: NonNullable<Feature['beforeSearch']>[] = [];
  private readonly interceptors: NonNullable<Feature['interceptors']> = [];
  readonly features: Feature[];

  constructor(
    private readonly deps: DialogDeps,
    features: Feature[],
    private readonly answer: FreeTextAnswer,
  ) {
    const core: Feature = {
      name: 'core',
      payloads: {
        MENU: (ctx) => showMenu(ctx),
        GET_STARTED: (ctx) => showMenu(ctx),
        HELP: (ctx) => this.help(ctx),
      },
      commands: {
        menu: (ctx) => showMenu(ctx),
        greeting: (ctx) => showMenu(ctx),
        help: (ctx) => this.help(ctx),
      },
    };
    this.features = [core, ...features];
    for (const f of this.features) {
      for (const [kind, h] of Object.entries(f.payloads ?? {})) this.register(this.payloads, kind, h, f.name);
      for (const [name, h] of Object.entries(f.commands ?? {})) this.register(this.commands, name, h, f.name);
      f.localPayloads?.forEach((k) => this.localPayloads.add(k));
      if (f.beforeSearch) this.beforeSearch.push(f.beforeSearch);
      this.interceptors.push(...(f.interceptors ?? []));
    }
  }

  /** True when the input must interrupt whatever dialog is running (menu, a global button…). */
  isInterruption(text: string): boolean {
    const p = parsePayload(text);
    if (p && this.payloads.has(p.kind) && !this.localPayloads.has(p.kind)) return true;
    if (!p && this.interceptors.some((i) => i.matches(text))) return true;
    return this.deps.commands.match(text) !== undefined && this.commands.has(this.deps.commands.match(text)!);
  }

  async route(ctx: TurnContext, input: string): Promise<RouteOutcome | void> {
    const payload = parsePayload(input);
    const command = this.deps.commands.match(input);
    const greetingLike = payload?.kind === 'GET_STARTED' || command === 'greeting' || command === 'menu';
    const welcomed = await welcomeOnce(ctx, this.deps);
    if (welcomed && greetingLike) return showMenu(ctx);

    if (payload) {
      const h = this.payloads.get(payload.kind);
      if (h) return h(ctx, payload.args);
    }
    if (!payload) {
      const interceptor = this.interceptors.find((i) => i.matches(input));
      if (interceptor) return interceptor.handle(ctx, input);
    }
    if (command) {
      const h = this.commands.get(command);
      if (h) return h(ctx, []);
    }
    const offered = await this.matchOffered(ctx, input);
    if (offered) return this.route(ctx, offered);
    for (const look of this.beforeSearch) {
      const r = await look(ctx, input);
      if (r === 'handled') return;
      if (r) return r;
    }
    await this.answer.answer(ctx, input);
  }

  private async help(ctx: TurnContext): Promise<void> {
    await sendChoices(ctx, turnInfo(ctx).t('common.help'), menuChoices(ctx));
  }

  /** "2", or the words of a button, typed instead of tapped. */
  private async matchOffered(ctx: TurnContext, input: string): Promise<string | undefined> {
    const offered = await this.deps.offered.get(ctx, []);
    if (offered.length === 0) return undefined;
    const n = /^\d{1,2}$/.test(input) ? Number(input) : NaN;
    if (n >= 1 && n <= offered.length) return offered[n - 1]!.value;
    const typed = simplify(input);
    const hit = offered.find((c) => simplify(c.title) === typed || simplify(c.title.replace(/^\d+\.\s*/, '')) === typed);
    return hit?.value;
  }

  private register(map: Map<string, RouteHandler>, key: string, h: RouteHandler, owner: string): void {
    if (map.has(key)) throw new Error(`feature "${owner}" registers "${key}" twice`);
    map.set(key, h);
  }
}

/**
 * The root dialog. It holds no state between turns unless a child dialog (a quiz round, a form)
 * is waiting for an answer: each turn routes its input, and a child that meets text it does not
 * understand hands it back with `{ reroute }`.
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly router: Router,
    childDialogs: ComponentDialog[] | import('botbuilder-dialogs').Dialog[],
  ) {
    super(DialogIds.main);
    this.addDialog(
      new WaterfallDialog(DialogIds.mainRoute, [(step) => this.routeStep(step), (step) => this.afterChild(step)]),
    );
    for (const d of childDialogs) this.addDialog(d);
    this.initialDialogId = DialogIds.mainRoute;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const input = (step.options as { input?: string } | undefined)?.input;
    if (input === undefined) {
      await showMenu(step.context);
      return step.endDialog();
    }
    const outcome = await this.router.route(step.context, input);
    if (outcome?.begin) return step.beginDialog(outcome.begin.dialogId, outcome.begin.options);
    return step.endDialog();
  }

  private async afterChild(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const reroute = (step.result as ChildResult | undefined)?.reroute;
    if (reroute) return step.replaceDialog(DialogIds.mainRoute, { input: reroute });
    return step.endDialog();
  }
}

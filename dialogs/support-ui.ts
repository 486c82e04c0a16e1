import { ActionTypes, type Attachment, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { sendChoices, type Choice } from '../src/bot/choices';
import { noteReach, reachSignals } from '../src/bot/reach-signal';
import { turnInfo } from '../src/bot/turn';
import { isShowable } from '../src/content/render';
import type { Service } from '../src/content/schemas';

/**
 * Payloads of the support path. They are short and say nothing: on Zalo a button's payload can
 * appear in the chat as the person's own message, and on Messenger a quick reply's title does,
 * so neither may read "danger: yes" to someone scrolling through the phone later.
 */
export const SP = {
  /** The menu entry and deep link (kept as the payload every channel already knows). */
  open: 'SUPPORT',
  accept: 'SP:go',
  decline: 'SP:no',
  dangerYes: 'SP:dy',
  dangerNo: 'SP:dn',
  choices: 'SP:m',
  understand: 'SP:u',
  services: (branch: BranchCode = 'v') => (branch === 'v' ? 'SP:s' : `SP:s:${branch}`),
  detail: (branch: BranchCode, i: number) => `SP:d:${branch}:${i}`,
  reading: (branch: BranchCode, i: number, part = 1) => `SP:r:${branch}:${i}:${part}`,
  callback: 'SP:c',
  callbackStart: 'SP:cs',
  callbackWithdraw: 'SP:cd',
  form: (...args: string[]) => `SP:f:${args.join(':')}`,
  someoneElse: 'SP:o',
  perpetrator: 'SP:p',
  trafficking: 'SP:t',
  end: 'SP:e',
  exit: 'SP:x',
} as const;

/** Short codes of the path's branches, as they travel in payloads. */
export type BranchCode = 'u' | 'v' | 'o' | 'p' | 't';
export const BRANCHES = {
  u: 'understand',
  v: 'services',
  o: 'someone-else',
  p: 'perpetrator',
  t: 'trafficking',
} as const;
export const isBranchCode = (s: string | undefined): s is BranchCode => s !== undefined && s in BRANCHES;

/** Where "back" leads from a branch's readings or services. */
export function branchHome(branch: BranchCode): string {
  return { u: SP.understand, v: SP.choices, o: SP.someoneElse, p: SP.perpetrator, t: SP.trafficking }[branch];
}

export function exitChoice(ctx: TurnContext): Choice {
  return { title: turnInfo(ctx).t('support.exit'), value: SP.exit };
}

export function doneChoice(ctx: TurnContext): Choice {
  return { title: turnInfo(ctx).t('support.done'), value: SP.end };
}

export function backChoice(ctx: TurnContext, to: string): Choice {
  return { title: turnInfo(ctx).t('support.back'), value: to };
}

/**
 * Every message of the path offers the quick exit, last, so it is always in the same place.
 * The first line of `text` is what a lock screen shows: callers make sure it reads innocuously.
 */
export async function sendStep(ctx: TurnContext, text: string, choices: Choice[]): Promise<void> {
  await sendChoices(ctx, text, [...choices, exitChoice(ctx)]);
}

/** Digits only, for a `tel:` link. */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/\D/g, '')}`;
}

/**
 * Verified numbers as a card whose buttons are tappable phone actions (`call`, `tel:113`), so
 * Messenger and Zalo render "call" buttons and the console prints the number. At most three
 * buttons: the most a Messenger button template takes. Unverified numbers never get here.
 */
export async function sendCallCard(ctx: TurnContext, heading: string, services: Service[]): Promise<void> {
  const { t, locale } = turnInfo(ctx);
  const showable = services.filter(isShowable);
  if (showable.length === 0) return;
  const lines = showable.map((s) => t('support.services.line', { name: s.name[locale], phone: s.phone })).join('\n');
  const buttons = showable.slice(0, 3).map((s) => ({ type: ActionTypes.Call, title: t('support.call', { number: s.phone }), value: telLink(s.phone) }));
  // No title: the whole text (heading first) is in `text`, so a renderer that shows only the text,
  // or only its first line in a notification, still starts with the innocuous heading.
  const card: Attachment = { contentType: CardFactory.contentTypes.heroCard, content: { text: `${heading}\n${lines}`, buttons } };
  await ctx.sendActivity(MessageFactory.attachment(card));
}

/** Service information reached this person: counted once a turn, with no topic, for reach figures. */
export function noteSupportInfo(ctx: TurnContext): void {
  if (!reachSignals(ctx).some((s) => s.kind === 'support-info')) noteReach(ctx, { kind: 'support-info' });
}

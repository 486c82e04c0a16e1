import type { Activity } from 'botbuilder';
import { reachSignals, type ReachSignal } from '../../src/bot/reach-signal';
import { Cipher } from '../../src/privacy/crypto';
import { CallbackDesk } from '../../src/support/callback-desk';
import type { Officer } from '../../src/support/officer';
import type { TestBot } from './bot';
import type { TestChat } from './chat';
import { TEST_SECRETS } from './env';

/** Helpers for the support path's tests: state as the bot stores it, cards, reach signals, officers. */

export const supportOfficer: Officer = { username: 'canbo.hotro', roles: ['support'] };
export const testCipher = () => new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex'));
export const deskFor = (tb: TestBot, now?: () => Date) => new CallbackDesk(tb.stores.records, testCipher(), now);

/** The support session of TestChat's default conversation, as stored (undefined when gone). */
export async function supportSession(tb: TestBot, user = 'user-1'): Promise<unknown> {
  const key = `test/conversations/conv-${user}/support-path`;
  return (await tb.stores.state.read([key]))[key];
}

/** botbuilder's conversation state of TestChat's conversation: the dialog stack and the last buttons. */
export async function conversationState(tb: TestBot, user = 'user-1'): Promise<{ dialogState?: { dialogStack: unknown[] }; offered?: Array<{ value: string }> }> {
  const key = `test/conversations/conv-${user}/`;
  return ((await tb.stores.state.read([key]))[key] ?? {}) as never;
}

/** The call buttons of the cards in a turn's replies. */
export function callButtons(replies: Partial<Activity>[]): Array<{ title: string; value: string }> {
  return replies.flatMap((r) =>
    (r.attachments ?? []).flatMap((a) =>
      ((a.content as { buttons?: Array<{ type: string; title: string; value: string }> }).buttons ?? [])
        .filter((b) => b.type === 'call')
        .map((b) => ({ title: b.title, value: b.value })),
    ),
  );
}

/** Every text a person sees in a turn's replies: message texts and card texts. */
export function allText(replies: Partial<Activity>[]): string {
  return replies
    .flatMap((r) => [r.text ?? '', ...(r.attachments ?? []).map((a) => (a.content as { text?: string; title?: string }).text ?? '')])
    .join('\n---\n');
}

/** What a lock screen or the chat list would show of each message: its first line. */
export function previews(replies: Partial<Activity>[]): string[] {
  return replies.map((r) => {
    const card = r.attachments?.[0]?.content as { title?: string; text?: string } | undefined;
    const text = r.text || card?.title || card?.text || '';
    return text.split('\n')[0]!;
  });
}

/** Records the reach signals of every turn the chat runs. */
export function captureReach(chat: TestChat): ReachSignal[][] {
  const turns: ReachSignal[][] = [];
  chat.adapter.use(async (ctx, next) => {
    await next();
    if (ctx.activity.type === 'message') turns.push([...reachSignals(ctx)]);
  });
  return turns;
}

import { type Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import type { BinhDangBot } from '../../src/bot/bot';

/**
 * Drives the bot through botbuilder's TestAdapter one turn at a time and returns what the bot
 * sent in that turn, so tests read like a conversation.
 */
export class TestChat {
  readonly adapter: TestAdapter;

  constructor(
    bot: BinhDangBot,
    user = 'user-1',
    channelId = 'test',
  ) {
    this.adapter = bot.attach(
      new TestAdapter((ctx) => bot.run(ctx), {
        channelId,
        conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: 'c' },
        from: { id: user, name: user },
        recipient: { id: 'bot', name: 'bot' },
      }),
    );
  }

  async say(text: string): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity(text);
    return this.adapter.activeQueue.splice(0);
  }

  /** A message with an attachment and no text (a sticker, a photo). */
  async sendAttachment(contentType = 'image/png'): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity({ type: ActivityTypes.Message, attachments: [{ contentType, contentUrl: 'https://example.invalid/x.png' }] });
    return this.adapter.activeQueue.splice(0);
  }

  /** Taps the button whose title matches (returns the turn's replies). */
  async tap(replies: Partial<Activity>[], title: string | RegExp): Promise<Partial<Activity>[]> {
    const action = actions(replies).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!action) throw new Error(`no button ${String(title)} among: ${actions(replies).map((a) => a.title).join(' | ')}`);
    return this.say(String(action.value));
  }
}

export function texts(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n---\n');
}

export function actions(replies: Partial<Activity>[]): Array<{ title: string; value: string }> {
  return replies.flatMap((r) => (r.suggestedActions?.actions ?? []).map((a) => ({ title: a.title, value: String(a.value) })));
}

import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type CardAction,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';

/**
 * The terminal chat behind `npm run chat`: one conversation, lines in, replies out. Buttons are
 * printed as numbered choices; typing the number sends the button's payload, as a tap would.
 */
export class ConsoleAdapter extends BotAdapter {
  private offered: CardAction[] = [];
  private seq = 0;
  private readonly reference: Partial<ConversationReference> = {
    channelId: 'console',
    conversation: { id: 'console', isGroup: false, conversationType: 'personal', name: 'console' },
    user: { id: 'console-user', name: 'you' },
    bot: { id: 'bot', name: 'binhdang-bot' },
    serviceUrl: '',
  };

  constructor(private readonly write: (line: string) => void) {
    super();
  }

  /** Runs one turn for a typed line (or an event such as the opening conversationUpdate). */
  async receive(line: string, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const trimmed = line.trim();
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : NaN;
    const action = n >= 1 ? this.offered[n - 1] : undefined;
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: String(++this.seq),
      timestamp: new Date(),
      text: action ? String(action.value) : trimmed,
      channelId: 'console',
      from: this.reference.user,
      recipient: this.reference.bot,
      conversation: this.reference.conversation as Activity['conversation'],
    };
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(_ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const out: ResourceResponse[] = [];
    for (const a of activities) {
      if (a.type === ActivityTypes.Message) {
        if (a.text) this.write(`\n${a.text}`);
        for (const att of a.attachments ?? []) {
          const card = att.content as { text?: string; title?: string; buttons?: CardAction[] } | undefined;
          if (card?.title) this.write(card.title);
          if (card?.text) this.write(card.text);
          for (const b of card?.buttons ?? []) this.write(`  [${b.title}${b.type === 'call' ? `: ${String(b.value).replace(/^tel:/, '')}` : ''}]`);
        }
        const actions = a.suggestedActions?.actions ?? [];
        if (actions.length > 0) {
          this.offered = actions;
          actions.forEach((act, i) => this.write(`  ${i + 1}) ${act.title}`));
        }
      }
      out.push({ id: String(++this.seq) });
    }
    return out;
  }

  async updateActivity(): Promise<void> {
    throw new Error('the console cannot edit a message it printed');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('the console cannot delete a message it printed');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const request = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, request), logic);
  }

  /** The conversation the console speaks in (used to start it). */
  get conversationReference(): Partial<ConversationReference> {
    return this.reference;
  }
}

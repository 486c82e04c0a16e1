import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Choice } from '../src/bot/choices';
import { turnInfo } from '../src/bot/turn';
import type { CallbackIntake } from '../src/support/callback-intake';
import { TIME_PRESETS, type CallbackDetails, type TimePreset } from '../src/support/callback-request';
import { normalizeVietnamesePhone, phoneTail } from '../src/support/phone';
import type { CallbackDraft, CallbackField, SupportSession, SupportSessions } from '../src/support/session';
import { backChoice, doneChoice, SP, sendStep } from './support-ui';

const MAX_TIME_TEXT = 120;
const MAX_SAFE_WORD = 60;

/** The button that marks each free-text question as the last one asked (see `isAwaiting`). */
const FIELD_MARK: Record<CallbackField, string> = { phone: SP.form('m', 'c'), time: SP.form('t', ''), word: SP.form('w', '') };

/**
 * The confidential callback request: how to be contacted (a phone call or this chat), a safe
 * time, a safe word, each optional but the first; then a check and "send". The draft lives in
 * the support session (sealed, minutes-long TTL), never in botbuilder's dialog state, and the
 * request goes to CallbackIntake, which can store and delete but never read.
 *
 * Free text (a number, a time, a safe word) is taken only while the question is still the last
 * thing the bot asked: any other button or command in between leaves the form behind, so a
 * question typed an hour later is never mistaken for a safe word.
 */
export class SupportCallback {
  constructor(
    private readonly sessions: SupportSessions,
    private readonly intake: CallbackIntake,
    private readonly retentionDays: number,
    private readonly police: string,
  ) {}

  async intro(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendStep(ctx, t('support.callback.intro', { days: this.retentionDays, police: this.police }), [
      { title: t('support.callback.start'), value: SP.callbackStart },
      { title: t('support.callback.withdraw'), value: SP.callbackWithdraw },
      backChoice(ctx, SP.choices),
    ]);
  }

  async start(ctx: TurnContext): Promise<void> {
    await this.saveDraft(ctx, {});
    await this.askMethod(ctx);
  }

  /** A form button: `args` are what follows `SP:f:` in the payload. */
  async button(ctx: TurnContext, args: string[]): Promise<void> {
    const session = await this.sessions.get(ctx);
    const draft = session?.draft;
    if (!draft) return this.expired(ctx);
    const [field, value] = args;
    if (field === 'm' && (value === 'p' || value === 'c')) {
      const next: CallbackDraft = { method: value === 'p' ? 'phone' : 'chat' };
      await this.saveDraft(ctx, next);
      return value === 'p' ? this.ask(ctx, next, 'phone') : this.ask(ctx, next, 'time');
    }
    if (!draft.method) return this.askMethod(ctx);
    if (field === 't') {
      const time = (TIME_PRESETS as readonly string[]).includes(value ?? '') ? { preset: value as TimePreset } : undefined;
      return this.ask(ctx, { ...draft, time, awaiting: undefined }, 'word');
    }
    if (field === 'w') return this.confirm(ctx, { ...draft, safeWord: undefined, awaiting: undefined });
    if (field === 'ok') return this.send(ctx, draft);
    return this.askMethod(ctx);
  }

  /** True when typed text is the answer to the question the form asked last. */
  async isAwaiting(ctx: TurnContext, offered: Choice[]): Promise<SupportSession | undefined> {
    const session = await this.sessions.get(ctx);
    const field = session?.draft?.awaiting;
    if (!session || !field) return undefined;
    return offered.some((c) => c.value.startsWith(FIELD_MARK[field])) ? session : undefined;
  }

  /** Typed text for the field the form is waiting for. */
  async typed(ctx: TurnContext, session: SupportSession, text: string): Promise<void> {
    const draft = session.draft!;
    switch (draft.awaiting) {
      case 'phone': {
        const phone = normalizeVietnamesePhone(text);
        if (!phone) {
          const { t } = turnInfo(ctx);
          return sendStep(ctx, t('support.callback.phoneInvalid'), [{ title: t('support.callback.byChat'), value: SP.form('m', 'c') }]);
        }
        return this.ask(ctx, { ...draft, phone, awaiting: undefined }, 'time');
      }
      case 'time':
        return this.ask(ctx, { ...draft, time: { text: text.trim().slice(0, MAX_TIME_TEXT) }, awaiting: undefined }, 'word');
      case 'word':
        return this.confirm(ctx, { ...draft, safeWord: text.trim().slice(0, MAX_SAFE_WORD), awaiting: undefined });
      default:
        return this.askMethod(ctx);
    }
  }

  /** Deletes the request this person sent, if any. The answer is the same either way. */
  async withdraw(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.intake.withdraw(ctx.activity.channelId, ctx.activity.from.id);
    await sendStep(ctx, t('support.callback.withdrawn'), [backChoice(ctx, SP.choices), doneChoice(ctx)]);
  }

  private async askMethod(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendStep(ctx, t('support.callback.method'), [
      { title: t('support.callback.byPhone'), value: SP.form('m', 'p') },
      { title: t('support.callback.byChat'), value: SP.form('m', 'c') },
      backChoice(ctx, SP.callback),
    ]);
  }

  private async ask(ctx: TurnContext, draft: CallbackDraft, field: CallbackField): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.saveDraft(ctx, { ...draft, awaiting: field });
    if (field === 'phone') {
      await sendStep(ctx, t('support.callback.phone'), [{ title: t('support.callback.byChat'), value: SP.form('m', 'c') }]);
    } else if (field === 'time') {
      await sendStep(ctx, t('support.callback.time'), [
        ...TIME_PRESETS.map((p) => ({ title: t(`support.callback.${p}`), value: SP.form('t', p) })),
        { title: t('support.callback.anyTime'), value: SP.form('t', 'any') },
      ]);
    } else {
      await sendStep(ctx, t('support.callback.word'), [{ title: t('support.callback.noWord'), value: SP.form('w', 'none') }]);
    }
  }

  private async confirm(ctx: TurnContext, draft: CallbackDraft): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.saveDraft(ctx, draft);
    const method = draft.method === 'phone' && draft.phone ? t('support.callback.viaPhone', { tail: phoneTail(draft.phone) }) : t('support.callback.viaChat');
    const time = !draft.time
      ? t('support.callback.timeAny')
      : 'preset' in draft.time
        ? t(`support.callback.${draft.time.preset}`).toLowerCase()
        : t('support.callback.timeText', { text: draft.time.text });
    const word = draft.safeWord ? t('support.callback.wordSet') : t('support.callback.wordNone');
    await sendStep(ctx, t('support.callback.confirm', { method, time, word }), [
      { title: t('support.callback.send'), value: SP.form('ok') },
      { title: t('support.callback.redo'), value: SP.callbackStart },
    ]);
  }

  private async send(ctx: TurnContext, draft: CallbackDraft): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const channel = ctx.activity.channelId;
    // A phone request without a number (the person never typed one) becomes a chat request.
    const method = draft.method === 'phone' && draft.phone ? 'phone' : 'chat';
    const details: CallbackDetails = {
      method,
      ...(method === 'phone' ? { phone: draft.phone } : { reply: replyReference(ctx) }),
      ...(draft.time ? { time: draft.time } : {}),
      ...(draft.safeWord ? { safeWord: draft.safeWord } : {}),
      channel,
      locale,
    };
    await this.intake.submit(channel, ctx.activity.from.id, details);
    await this.saveDraft(ctx, undefined);
    await sendStep(ctx, t('support.callback.sent', { days: this.retentionDays, police: this.police }), [
      backChoice(ctx, SP.choices),
      doneChoice(ctx),
    ]);
  }

  private async expired(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await ctx.sendActivity(t('support.callback.expired'));
    await this.start(ctx);
  }

  private async saveDraft(ctx: TurnContext, draft: CallbackDraft | undefined): Promise<void> {
    const session = (await this.sessions.get(ctx)) ?? { since: new Date().toISOString().slice(0, 10) };
    const next: SupportSession = { since: session.since };
    if (draft) next.draft = draft;
    await this.sessions.save(ctx, next);
  }
}

/** Just enough to send a message back into this conversation later (no names, no message ids). */
function replyReference(ctx: TurnContext): Partial<ConversationReference> {
  const a = ctx.activity;
  return {
    channelId: a.channelId,
    serviceUrl: a.serviceUrl,
    conversation: { id: a.conversation.id, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: a.from.id, name: '' },
    bot: a.recipient ? { id: a.recipient.id, name: '' } : undefined,
  };
}

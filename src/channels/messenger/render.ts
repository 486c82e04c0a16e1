import { type Activity, ActivityTypes, type Attachment, type CardAction } from 'botbuilder';
import { splitText } from '../../bot/text-split';

/**
 * Activities as Send API bodies, within the platform's limits (channels.md B3):
 * text under 2,000 characters, at most 13 quick replies with titles of at most 20 characters,
 * button templates with at most 3 buttons and text of at most 640 characters.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api/
 */
export const LIMITS = {
  text: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  buttons: 3,
  buttonTitle: 20,
  templateText: 640,
  payload: 1000,
} as const;

export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';

/**
 * An officer answering a resident's callback request in the chat: Meta's HUMAN_AGENT tag lets a
 * person (not a bot) reply up to 7 days after the resident's last message (the page needs the
 * Human Agent permission). An Activity asks for it with `channelData.humanAgent = true`.
 */
export const HUMAN_AGENT_TAG = 'HUMAN_AGENT';

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export type TemplateButton =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string }
  | { type: 'phone_number'; title: string; payload: string };

export type OutMessage =
  | { text: string; quick_replies?: QuickReply[] }
  | { attachment: { type: 'template'; payload: { template_type: 'button'; text: string; buttons: TemplateButton[] } }; quick_replies?: QuickReply[] }
  | { attachment: { type: 'image'; payload: { url: string; is_reusable: boolean } }; quick_replies?: QuickReply[] };

/** One call to `POST /me/messages`. */
export type SendBody =
  | { recipient: { id: string }; messaging_type: MessagingType; tag?: typeof HUMAN_AGENT_TAG; message: OutMessage }
  | { recipient: { id: string }; sender_action: 'typing_on' | 'typing_off' | 'mark_seen' };

const CARD_TYPES = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);
const TAPPABLE = new Set(['imBack', 'postBack', 'messageBack']);

interface CardContent {
  title?: string;
  subtitle?: string;
  text?: string;
  buttons?: CardAction[];
}

/**
 * One Activity as the Send API bodies that show it, in order. Typing becomes `typing_on`;
 * other non-message activities send nothing.
 */
export function renderActivity(activity: Partial<Activity>, psid: string, messagingType: MessagingType = 'RESPONSE', locale = 'vi'): SendBody[] {
  const recipient = { id: psid };
  if (activity.type === ActivityTypes.Typing) return [{ recipient, sender_action: 'typing_on' }];
  if (activity.type !== undefined && activity.type !== ActivityTypes.Message) return [];

  // A copy: extra card buttons join the quick replies, and the activity itself stays untouched.
  const suggested = [...(activity.suggestedActions?.actions ?? [])];
  const cardButtons: CardAction[] = [];
  const messages: OutMessage[] = [];
  const pending: string[] = activity.text?.trim() ? [activity.text.trim()] : [];

  for (const att of activity.attachments ?? []) {
    if (CARD_TYPES.has(att.contentType)) {
      const card = (att.content ?? {}) as CardContent;
      const text = [card.title, card.subtitle, card.text].filter((s) => s?.trim()).join('\n');
      if (text) pending.push(text);
      cardButtons.push(...(card.buttons ?? []));
      flushTemplate(pending, cardButtons.splice(0), messages, locale, suggested);
    } else {
      const image = imageOf(att);
      if (image) {
        flushText(pending, messages, locale);
        messages.push({ attachment: { type: 'image', payload: { url: image, is_reusable: true } } });
      }
    }
  }
  // Call and link buttons offered as suggested actions cannot be quick replies: a template shows them.
  const untappable = suggested.filter((a) => !TAPPABLE.has(a.type));
  if (untappable.length > 0) flushTemplate(pending, untappable, messages, locale, suggested);

  const { quickReplies, overflow } = toQuickReplies(suggested.filter((a) => TAPPABLE.has(a.type)), suggested);
  if (overflow.length > 0) pending.push(overflow.join('\n'));
  flushText(pending, messages, locale);
  if (quickReplies.length > 0) {
    // Quick replies need a message to hang on; the titles themselves serve when there is none.
    if (messages.length === 0) messages.push({ text: quickReplies.map((q) => q.title).join(' · ').slice(0, LIMITS.text) });
    messages[messages.length - 1]!.quick_replies = quickReplies;
  }
  if ((activity.channelData as { humanAgent?: boolean } | undefined)?.humanAgent) {
    return messages.map((message) => ({ recipient, messaging_type: 'MESSAGE_TAG' as const, tag: HUMAN_AGENT_TAG, message }));
  }
  return messages.map((message) => ({ recipient, messaging_type: messagingType, message }));
}

/** Text waiting to be sent goes out as messages of at most 2,000 characters, cut between sentences. */
function flushText(pending: string[], messages: OutMessage[], locale: string): void {
  const text = pending.splice(0).join('\n\n').trim();
  if (!text) return;
  for (const part of splitText(text, LIMITS.text, locale)) messages.push({ text: part });
}

/**
 * A button template for `buttons`, with the waiting text as its text. Up to 3 buttons: call and
 * link buttons first (they have no other form), then postbacks; extra postbacks become quick
 * replies (through `suggested`), extra calls and links are written into the text.
 */
function flushTemplate(pending: string[], buttons: CardAction[], messages: OutMessage[], locale: string, suggested: CardAction[]): void {
  const rendered: Array<{ button: TemplateButton; action: CardAction }> = [];
  const lines: Array<{ line: string; value: string }> = [];
  const ordered = [...buttons.filter((b) => !TAPPABLE.has(b.type)), ...buttons.filter((b) => TAPPABLE.has(b.type))];
  for (const action of ordered) {
    const button = toButton(action);
    if (button && rendered.length < LIMITS.buttons) rendered.push({ button, action });
    else if (TAPPABLE.has(action.type)) suggested.push(action);
    else {
      const line = writtenOut(action);
      if (line) lines.push(line);
    }
  }
  const said = pending.join(' ');
  const missing = lines.filter(({ value }) => (digitsIn(value) ? !digitsIn(said).includes(digitsIn(value)) : !said.includes(value)));
  if (missing.length > 0) pending.push(missing.map((l) => l.line).join('\n'));
  if (rendered.length === 0) return;
  const text = pending.splice(0).join('\n\n').trim() || rendered.map((r) => r.button.title).join(' · ');
  let head = '';
  let tail = text;
  if (text.length > LIMITS.templateText) {
    const pieces = splitText(text, LIMITS.templateText, locale);
    tail = pieces.at(-1)!;
    const at = text.lastIndexOf(tail);
    head = at > 0 ? text.slice(0, at).trim() : pieces.slice(0, -1).join('\n\n');
  }
  if (head) for (const part of splitText(head, LIMITS.text, locale)) messages.push({ text: part });
  messages.push({
    attachment: { type: 'template', payload: { template_type: 'button', text: tail, buttons: rendered.map((r) => r.button) } },
  });
}

function toButton(action: CardAction): TemplateButton | undefined {
  const title = shortTitle(action.title ?? '', LIMITS.buttonTitle);
  if (!title) return undefined;
  if (action.type === 'call') {
    const number = dialable(String(action.value ?? ''));
    return number ? { type: 'phone_number', title, payload: number } : undefined;
  }
  if (action.type === 'openUrl') {
    const url = String(action.value ?? '');
    return /^https:\/\//.test(url) ? { type: 'web_url', title, url } : undefined;
  }
  const payload = payloadOf(action);
  return payload ? { type: 'postback', title, payload } : undefined;
}

/** A call or link that cannot be a button is written out, so a number is never lost. */
function writtenOut(action: CardAction): { line: string; value: string } | undefined {
  const value = String(action.value ?? '').replace(/^tel:/i, '').trim();
  if (!value) return undefined;
  const title = (action.title ?? '').trim();
  return { line: title && !title.includes(value) ? `${title}: ${value}` : value, value };
}

function toQuickReplies(tappable: CardAction[], all: CardAction[]): { quickReplies: QuickReply[]; overflow: string[] } {
  const quickReplies: QuickReply[] = [];
  const overflow: string[] = [];
  for (const action of tappable) {
    const payload = payloadOf(action);
    const title = shortTitle(action.title ?? '', LIMITS.quickReplyTitle);
    if (!payload || !title) continue;
    if (quickReplies.length < LIMITS.quickReplies) quickReplies.push({ content_type: 'text', title, payload });
    // The router remembers every offered choice, so typing its number picks it as a tap would.
    else overflow.push(`${all.indexOf(action) + 1}. ${(action.title ?? '').trim()}`);
  }
  return { quickReplies, overflow };
}

function payloadOf(action: CardAction): string | undefined {
  const raw = typeof action.value === 'string' ? action.value : action.value === undefined || action.value === null ? action.title : JSON.stringify(action.value);
  const payload = (raw ?? '').trim();
  return payload && payload.length <= LIMITS.payload ? payload : undefined;
}

function imageOf(att: Attachment): string | undefined {
  return att.contentType.startsWith('image/') && typeof att.contentUrl === 'string' && /^https:\/\//.test(att.contentUrl) ? att.contentUrl : undefined;
}

/**
 * A title within `max` characters: whole words where possible, an ellipsis when cut. The payload,
 * not the title, carries the choice, so a shortened title loses nothing.
 */
export function shortTitle(title: string, max: number): string {
  const t = title.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  let cut = t.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  // Back to the last whole word, unless the cut already ends one.
  if (t[cut.length] !== ' ' && space >= Math.floor(max / 2)) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,.;:!?(–-]+$/u, '')}…`;
}

/**
 * A number a `phone_number` button can dial: Meta wants `+<country><number>`. Vietnamese short
 * codes (113, 115, 111) and 1800/1900 lines have no international form that is sure to reach
 * them, so they stay in the text, where the phone offers to call them, rather than risk a button
 * that dials the wrong place.
 */
export function dialable(value: string): string | undefined {
  const n = value.replace(/^tel:/i, '').replace(/[\s.()-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(n)) return n;
  if (/^0[1-9]\d{8,9}$/.test(n)) return `+84${n.slice(1)}`;
  return undefined;
}

function digitsIn(s: string): string {
  return s.replace(/\D/g, '');
}

import type { Activity, CardAction } from 'botbuilder';
import type { Choice } from '../../bot/choices';
import { splitText } from '../../bot/text-split';
import { titleKey } from './mapper';

/**
 * Activity -> consultation (CS) message bodies, as well as Zalo allows. Limits from
 * shared/reference/channels.md §A3: text 2,000 characters (UNCONFIRMED against a vendor page,
 * observed in production bots), at most 5 buttons, `oa.query.*` payload at most 1,000 characters,
 * button title at most 100 (UNCONFIRMED).
 */
export const TEXT_LIMIT = 2000;
export const MAX_BUTTONS = 5;
export const TITLE_LIMIT = 100;
export const QUERY_PAYLOAD_LIMIT = 1000;
/** Beside a numbered list, this many of the last choices stay buttons. */
const TRAILING_BUTTONS = 2;

export type ZaloButton =
  | { title: string; type: 'oa.query.show' | 'oa.query.hide'; payload: string }
  | { title: string; type: 'oa.open.url'; payload: { url: string } }
  | { title: string; type: 'oa.open.phone'; payload: { phone_code: string } };

export type ZaloAttachment =
  | { type: 'template'; payload: { buttons: ZaloButton[] } }
  | { type: 'template'; payload: { template_type: 'media'; elements: Array<{ media_type: 'image'; url: string }> } };

/** The `message` object of a CS send (the recipient is added by the client). */
export interface ZaloMessage {
  text?: string;
  attachment?: ZaloAttachment;
}

export interface RenderLabels {
  /** Under a numbered list: how to answer it. */
  typeNumber: string;
  /** Text for buttons sent without any (Zalo needs text beside buttons). */
  choose: string;
}

export interface Rendered {
  messages: ZaloMessage[];
  /** The choices a tap or a typed number maps back to, in list order (empty when none). */
  offered: Choice[];
}

type Classified =
  | { kind: 'query'; title: string; value: string }
  | { kind: 'url'; title: string; url: string }
  | { kind: 'phone'; title: string; phone: string };

/**
 * Buttons of the confidential support path (dialogs/support-ui.ts `SP:*`, and `SUPPORT`, which
 * opens it) go out as `oa.query.hide` carrying their own short payload. `oa.query.show` prints what
 * was tapped in the chat as the resident's own message, and a title such as "Yes, I am in danger"
 * must not be there for whoever scrolls through the phone later.
 */
const DISCREET_PAYLOAD = /^(?:SP(?::|$)|SUPPORT$)/;

const CARD_TYPES = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);

export function renderActivity(activity: Partial<Activity>, labels: RenderLabels): Rendered {
  if (activity.type !== undefined && activity.type !== 'message') return { messages: [], offered: [] };
  const paragraphs: string[] = [];
  if (activity.text?.trim()) paragraphs.push(activity.text.trim());
  const actions: CardAction[] = [...(activity.suggestedActions?.actions ?? [])];
  const images: string[] = [];
  for (const att of activity.attachments ?? []) {
    if (CARD_TYPES.has(att.contentType)) {
      const card = (att.content ?? {}) as { title?: string; subtitle?: string; text?: string; buttons?: CardAction[] };
      const lines = [card.title, card.subtitle, card.text].filter((l): l is string => typeof l === 'string' && l.trim() !== '');
      if (lines.length > 0) paragraphs.push(lines.join('\n'));
      actions.push(...(card.buttons ?? []));
    } else if (att.contentType?.startsWith('image/') && typeof att.contentUrl === 'string' && /^https:\/\//.test(att.contentUrl)) {
      images.push(att.contentUrl);
    }
  }
  const classified = uniqueTitles(actions.map(classify).filter((c): c is Classified => c !== undefined));
  const queries = classified.filter((c): c is Extract<Classified, { kind: 'query' }> => c.kind === 'query');
  const others = classified.filter((c) => c.kind !== 'query');

  let text = paragraphs.join('\n\n');
  const kept = numbersKept(text, actions);
  if (kept.length > 0) text = [text, kept.join('\n')].filter(Boolean).join('\n');
  let buttons: ZaloButton[];
  if (classified.length <= MAX_BUTTONS) {
    buttons = classified.map(toButton);
  } else {
    // More than Zalo shows: the choices become a numbered list answered by number, in the order
    // of `offered`, so "3" means the third choice here and in the router's memory alike. The
    // last ones stay buttons, last, where features put their way out (back, menu, the support
    // path's quick exit, which must stay one tap away); links and phone numbers stay buttons too
    // (a number cannot dial).
    const linkButtons = others.slice(0, MAX_BUTTONS);
    const tail = Math.min(TRAILING_BUTTONS, MAX_BUTTONS - linkButtons.length, queries.length);
    const listed = queries.slice(0, queries.length - tail);
    if (listed.length > 0) text = [text, numberedList(text, listed.map((q) => q.title)), labels.typeNumber].filter(Boolean).join('\n\n');
    buttons = [...linkButtons, ...queries.slice(queries.length - tail)].map(toButton);
    const overflow = others.slice(MAX_BUTTONS).map((o) => `${o.title}: ${o.kind === 'url' ? o.url : o.phone}`);
    if (overflow.length > 0) text += `\n\n${overflow.join('\n')}`;
  }

  const chunks = text ? splitText(text, TEXT_LIMIT) : [];
  if (chunks.length === 0 && buttons.length > 0) chunks.push(labels.choose);
  const messages: ZaloMessage[] = chunks.map((t) => ({ text: t }));
  if (buttons.length > 0) messages[messages.length - 1]!.attachment = { type: 'template', payload: { buttons } };
  for (const url of images) {
    messages.push({ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url }] } } });
  }
  return { messages, offered: queries.map((q) => ({ title: q.title, value: q.value })) };
}

function classify(a: CardAction): Classified | undefined {
  const title = clip(String(a.title ?? a.text ?? a.value ?? '').trim(), TITLE_LIMIT);
  const value = typeof a.value === 'string' ? a.value.trim() : '';
  switch (a.type) {
    case 'postBack':
    case 'imBack':
    case 'messageBack': {
      const payload = value || (typeof a.text === 'string' ? a.text.trim() : '') || title;
      return title && payload.length <= QUERY_PAYLOAD_LIMIT ? { kind: 'query', title, value: payload } : undefined;
    }
    case 'openUrl':
      return title && /^https?:\/\//i.test(value) ? { kind: 'url', title, url: value } : undefined;
    case 'call': {
      const phone = phoneCode(value);
      return title && phone ? { kind: 'phone', title, phone } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A `tel:` value -> Zalo's `phone_code`, only when its dialling is sure. Zalo's examples use the
 * international form without "+" ("84123456789"): a full Vietnamese number (0…) becomes 84…, a
 * "+…" number loses its "+". Short codes (111, 113, 115) and 1800/1900 lines have no international
 * form, and what Zalo's dialler does with "113" is UNCONFIRMED: a button that rang the wrong place
 * would cost a person in danger time. They get no button; their number stays in the text (see
 * `numbersKept`), where the phone offers to call it. The Messenger channel follows the same rule.
 */
export function phoneCode(value: string): string | undefined {
  const raw = value.replace(/^tel:/i, '').replace(/[\s.()-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(raw)) return raw.slice(1);
  if (/^0[1-9]\d{8,9}$/.test(raw)) return `84${raw.slice(1)}`;
  return undefined;
}

/**
 * Call actions that cannot be buttons: each number must still reach the person, so a line is
 * added for every one the text does not already show.
 */
function numbersKept(text: string, actions: CardAction[]): string[] {
  // "1800 1567" and "0222.3856.xxx" are one number each, written with separators.
  const shown = text.replace(/(\d)[ .](?=\d)/g, '$1').replace(/\D/g, ' ');
  return actions
    .filter((a) => a.type === 'call' && typeof a.value === 'string' && phoneCode(a.value) === undefined)
    .map((a) => ({ title: String(a.title ?? '').trim(), digits: String(a.value).replace(/\D/g, '') }))
    .filter((n) => n.digits.length >= 3 && !new RegExp(`(^| )${n.digits}( |$)`).test(shown))
    .map((n) => (n.title.replace(/\D/g, '').includes(n.digits) ? n.title : `${n.title}: ${n.digits}`));
}

function toButton(c: Classified): ZaloButton {
  switch (c.kind) {
    case 'query':
      if (DISCREET_PAYLOAD.test(c.value)) return { title: c.title, type: 'oa.query.hide', payload: c.value };
      // The payload is the title: `oa.query.show` shows it in the chat as the resident's own
      // words, and the channel maps it back to `value` (see mapper.ts ButtonMemory).
      return { title: c.title, type: 'oa.query.show', payload: c.title };
    case 'url':
      return { title: c.title, type: 'oa.open.url', payload: { url: c.url } };
    case 'phone':
      return { title: c.title, type: 'oa.open.phone', payload: { phone_code: c.phone } };
  }
}

/** Two buttons with one title could not be told apart when tapped: the second gets " (2)". */
function uniqueTitles(list: Classified[]): Classified[] {
  const seen = new Map<string, number>();
  return list.map((c) => {
    const key = titleKey(c.title); // the same equality the tap is mapped back with
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? c : { ...c, title: clip(c.title, TITLE_LIMIT - 4) + ` (${n})` };
  });
}

/**
 * "1. title" lines for the choices, unless the text already ends with exactly that numbered
 * list (the knowledge browser and the support path write their own, sometimes in longer words).
 * Numbered lines elsewhere in a text (steps in an article) do not count.
 */
function numberedList(text: string, titles: string[]): string {
  const lines = text.trimEnd().split('\n');
  let tail = 0;
  while (tail < lines.length && /^\d{1,2}\.\s/.test(lines[lines.length - 1 - tail]!.trim())) tail++;
  const numbers = lines.slice(lines.length - tail).map((l) => Number(/^\d+/.exec(l.trim())![0]));
  if (numbers.length === titles.length && numbers.every((n, i) => n === i + 1)) return '';
  return titles.map((title, i) => `${i + 1}. ${title.replace(/^\d+\.\s*/, '')}`).join('\n');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

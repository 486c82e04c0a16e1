import { type Activity, ActivityTypes } from 'botbuilder';
import type { Choice } from '../../bot/choices';
import { Payload } from '../../bot/payloads';
import type { ZaloInbound } from './events';

/** The channel id of every Zalo activity (state keys, metrics, rate limits). */
export const ZALO_CHANNEL = 'zalo';

/**
 * What a resident was last offered, newest first. An `oa.query.show` button sends its payload
 * back as ordinary text and shows it in the chat as the resident's own message, so the payload
 * is the button's title (what the resident tapped reads naturally) and this memory maps it back
 * to the stable payload it stands for. A numbered list is answered with its number, mapped
 * against the newest set. Kept per resident in the StateStore (pseudonymous key, sealed).
 */
export interface ButtonMemory {
  sets: Choice[][];
}

/** Button sets remembered: a few screens back is enough to tap an older button. */
export const MEMORY_SETS = 6;

export function emptyMemory(): ButtonMemory {
  return { sets: [] };
}

/** Remembers a newly offered set (newest first, bounded). */
export function remember(memory: ButtonMemory, choices: Choice[]): ButtonMemory {
  if (choices.length === 0) return memory;
  const same = (a: Choice[]) => a.length === choices.length && a.every((c, i) => c.title === choices[i]!.title && c.value === choices[i]!.value);
  // Offered again just now: nothing changes (and nothing needs writing).
  if (memory.sets[0] && same(memory.sets[0])) return memory;
  // The menu offered again later replaces its older copy instead of crowding out other sets.
  return { sets: [choices, ...memory.sets.filter((s) => !same(s))].slice(0, MEMORY_SETS) };
}

/** Comparable form of a tap or a typed title: Zalo may change whitespace or Unicode form. */
export function titleKey(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const NUMBER_ANSWER = /^\s*(?:số\s*)?(\d{1,2})\s*[.)]?\s*$/iu;

/**
 * Text as the resident sent it -> what it stands for: a tapped button's payload, the payload of
 * the numbered choice typed, or the text itself.
 */
export function resolveText(text: string, memory: ButtonMemory): { text: string; via: 'button' | 'number' | 'typed' } {
  const n = NUMBER_ANSWER.exec(text);
  const newest = memory.sets[0];
  if (n && newest) {
    const choice = newest[Number(n[1]) - 1];
    if (choice) return { text: choice.value, via: 'number' };
  }
  const key = titleKey(text);
  for (const set of memory.sets) {
    const hit = set.find((c) => titleKey(c.title) === key);
    if (hit) return { text: hit.value, via: 'button' };
  }
  return { text, via: 'typed' };
}

/**
 * A Zalo event -> the Activity the bot reads. Pure: the memory is loaded by the caller.
 * Unfollow is not a turn (the channel forgets the person instead) and maps to undefined.
 */
export function toActivity(event: ZaloInbound, memory: ButtonMemory, oaId = 'oa'): Partial<Activity> | undefined {
  const base: Partial<Activity> = {
    type: ActivityTypes.Message,
    channelId: ZALO_CHANNEL,
    timestamp: new Date(event.timestamp),
    from: { id: event.userId, name: 'resident', role: 'user' },
    recipient: { id: oaId, name: 'oa', role: 'bot' },
    conversation: { id: event.userId, isGroup: false, conversationType: 'personal', name: 'zalo' },
    serviceUrl: '',
  };
  switch (event.kind) {
    case 'text': {
      const resolved = resolveText(event.text, memory);
      return { ...base, id: event.msgId, text: resolved.text, channelData: { zalo: 'text', via: resolved.via } };
    }
    case 'media':
      // No URL is kept: a resident's photo or voice note is none of the bot's business.
      return {
        ...base,
        id: event.msgId,
        text: event.caption,
        attachments: [{ contentType: `application/vnd.zalo.${event.media}` }],
        channelData: { zalo: event.media },
      };
    case 'follow':
      // Following the OA is Zalo's "Get Started": the welcome and the menu.
      return { ...base, id: `follow-${event.timestamp}`, text: Payload.getStarted, channelData: { zalo: 'follow' } };
    case 'chatnow':
      // "Nhắn tin" on the OA profile: the resident is about to write; show what the bot offers.
      return { ...base, id: `chatnow-${event.timestamp}`, text: Payload.menu, channelData: { zalo: 'chatnow' } };
    case 'unfollow':
      return undefined;
  }
}

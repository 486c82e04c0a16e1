import type { ConversationReference } from 'botbuilder';
import type { Locale } from '../content/schemas';
import type { Pseudonymizer } from '../privacy/crypto';

/** The RecordStore collection of callback requests. */
export const CALLBACK_COLLECTION = 'callback-requests';

export type ContactMethod = 'phone' | 'chat';
export const TIME_PRESETS = ['morning', 'afternoon', 'evening'] as const;
export type TimePreset = (typeof TIME_PRESETS)[number];

/**
 * What a resident asked for, exactly as little as they chose to give. Every field but `method`
 * may be missing: "contact me through this chat, any time, no safe word" is a whole request.
 */
export interface CallbackDetails {
  method: ContactMethod;
  /** Only with method `phone`: the number, digits only. */
  phone?: string;
  /** A safe time: one of the presets, or the resident's own words ("thứ Bảy, sau 9 giờ"). */
  time?: { preset: TimePreset } | { text: string };
  /** What the officer says first, so the resident knows who is calling. */
  safeWord?: string;
  /** The platform the request came from, and the language to answer in. */
  channel: string;
  locale: Locale;
  /** Only with method `chat`: where to reply (botbuilder's reference, for a proactive message). */
  reply?: Partial<ConversationReference>;
}

/**
 * The stored document. Only the status and dates are in clear, for the dashboard's list;
 * everything the resident gave is sealed with AES-256-GCM, bound to the record id.
 */
export interface CallbackRecord {
  status: 'new' | 'contacted';
  createdAt: string;
  contactedAt?: string;
  sealed: string;
}

/**
 * One request per person: the id is a keyed pseudonym of who sent it, so the resident can
 * withdraw it (and "delete my data" can erase it) without the chat ever reading or searching
 * the requests. A new request replaces the old one.
 */
export function callbackId(pseudonyms: Pseudonymizer, channel: string, userId: string): string {
  return `cb-${pseudonyms.pseudonym('callback-request', `${channel}\u0000${userId}`)}`;
}

/** Additional data bound into the seal: a sealed request copied to another id will not open. */
export function callbackAad(id: string): string {
  return `${CALLBACK_COLLECTION}:${id}`;
}

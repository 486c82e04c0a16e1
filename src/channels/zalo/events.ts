import { z } from 'zod';

/**
 * Zalo OA webhook events, parsed at the edge into one discriminated union. Shapes follow the
 * reference (shared/reference/channels.md §A2); where a field is UNCONFIRMED there (sticker
 * payload, chat-now fields) the schema accepts both observed variants and reads no more than
 * it needs.
 *
 * Ids and timestamps are JSON strings in observed payloads, but may be numbers beyond 2^53:
 * the body is parsed without losing digits (see json.ts), so an id arrives here as a string or
 * as a safe integer, and leaves as a string.
 */
const id = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).transform(String);
/** Epoch milliseconds, as a string (usually) or a number. */
const timestamp = z
  .union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => Number(v));
const party = z.object({ id });

/** What a resident may send that is not text. The bot reads text only and says so kindly. */
export const MEDIA_EVENTS = {
  user_send_image: 'image',
  user_send_gif: 'gif',
  user_send_sticker: 'sticker',
  user_send_location: 'location',
  user_send_file: 'file',
  user_send_audio: 'audio',
  user_send_video: 'video',
  user_send_link: 'link',
  user_send_business_card: 'business_card',
} as const;
export type MediaKind = (typeof MEDIA_EVENTS)[keyof typeof MEDIA_EVENTS];
const mediaNames = Object.keys(MEDIA_EVENTS) as [keyof typeof MEDIA_EVENTS, ...Array<keyof typeof MEDIA_EVENTS>];

const userText = z.object({
  event_name: z.literal('user_send_text'),
  timestamp,
  sender: party,
  message: z.object({ msg_id: id, text: z.string().max(20_000) }),
});

const userMedia = z.object({
  event_name: z.enum(mediaNames),
  timestamp,
  sender: party,
  message: z.object({ msg_id: id, text: z.string().max(20_000).optional() }),
});

const followChange = z.object({
  event_name: z.enum(['follow', 'unfollow']),
  timestamp,
  follower: party,
});

// Observed handlers read top-level `user_id`; a `sender` form is accepted too (UNCONFIRMED).
const chatNow = z
  .object({ event_name: z.literal('user_click_chatnow'), timestamp, user_id: id.optional(), sender: party.optional() })
  .refine((e) => e.user_id !== undefined || e.sender !== undefined, { message: 'user_id or sender.id is required', path: ['user_id'] });

const handled = z.discriminatedUnion('event_name', [userText, userMedia, followChange, chatNow]);

/** An event the bot acts on. This is what the inbox keeps (sealed): nothing more than needed. */
export type ZaloInbound =
  | { kind: 'text'; userId: string; msgId: string; text: string; timestamp: number }
  | { kind: 'media'; userId: string; msgId: string; media: MediaKind; caption?: string; timestamp: number }
  | { kind: 'follow'; userId: string; timestamp: number }
  | { kind: 'unfollow'; userId: string; timestamp: number }
  | { kind: 'chatnow'; userId: string; timestamp: number };

/** Every verified event: acted on, or acknowledged and left alone. */
export type ZaloWebhookEvent =
  | ZaloInbound
  /** OA echoes (oa_send_*), delivery and seen receipts: the bot's own traffic, never input. */
  | { kind: 'ignored'; name: string; timestamp: number }
  | { kind: 'unknown'; name: string; timestamp: number };

export type ParseResult = { ok: true; event: ZaloWebhookEvent } | { ok: false; reason: string };

const envelope = z.object({ event_name: z.string().min(1).max(100), timestamp });

const RECEIPTS = new Set(['user_received_message', 'user_seen_message']);

/** Reads the signed timestamp only (the signature needs it before anything else is trusted). */
export function bodyTimestamp(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const t = (body as Record<string, unknown>).timestamp;
  if (typeof t === 'string' && /^\d{1,15}$/.test(t)) return t;
  if (typeof t === 'number' && Number.isSafeInteger(t) && t >= 0) return String(t);
  return undefined;
}

/** A verified body -> the event it carries. A known event with the wrong shape is malformed. */
export function parseZaloEvent(body: unknown): ParseResult {
  const env = envelope.safeParse(body);
  if (!env.success) return { ok: false, reason: issuePath(env.error) };
  const { event_name: name, timestamp: ts } = env.data;
  if (name.startsWith('oa_') || RECEIPTS.has(name)) return { ok: true, event: { kind: 'ignored', name, timestamp: ts } };
  const known = name === 'user_send_text' || name in MEDIA_EVENTS || name === 'follow' || name === 'unfollow' || name === 'user_click_chatnow';
  if (!known) return { ok: true, event: { kind: 'unknown', name: name.replace(/[^a-z_]/g, '').slice(0, 60), timestamp: ts } };
  const parsed = handled.safeParse(body);
  if (!parsed.success) return { ok: false, reason: issuePath(parsed.error) };
  const e = parsed.data;
  switch (e.event_name) {
    case 'user_send_text':
      return { ok: true, event: { kind: 'text', userId: e.sender.id, msgId: e.message.msg_id, text: e.message.text, timestamp: e.timestamp } };
    case 'follow':
    case 'unfollow':
      return { ok: true, event: { kind: e.event_name, userId: e.follower.id, timestamp: e.timestamp } };
    case 'user_click_chatnow':
      return { ok: true, event: { kind: 'chatnow', userId: (e.user_id ?? e.sender?.id)!, timestamp: e.timestamp } };
    default: {
      const media = MEDIA_EVENTS[e.event_name];
      // Only a photo's caption is read as words: a location's text is a place name, a link's its URL.
      const caption = media === 'image' && e.message.text?.trim() ? e.message.text : undefined;
      return { ok: true, event: { kind: 'media', userId: e.sender.id, msgId: e.message.msg_id, media, caption, timestamp: e.timestamp } };
    }
  }
}

/**
 * The id a redelivery repeats: Zalo's msg_id for messages; follow, unfollow and chat-now carry
 * none, so their kind, user and signed timestamp stand in (a retry resends the same body).
 */
export function eventIdOf(e: ZaloInbound): string {
  return e.kind === 'text' || e.kind === 'media' ? `msg:${e.msgId}` : `${e.kind}:${e.userId}:${e.timestamp}`;
}

/** Where a body went wrong, by field path only: zod's messages may quote the input. */
function issuePath(err: z.ZodError): string {
  const issue = err.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.code}` : 'body: invalid';
}

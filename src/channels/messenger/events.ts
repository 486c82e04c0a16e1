import { z } from 'zod';

/**
 * Messenger webhook events, parsed at the edge into one discriminated union. Nothing outside this
 * folder sees Messenger JSON. Shapes follow Meta's webhook reference (see channels.md B2):
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events
 *
 * Ids stay strings (PSIDs exceed 2^53). Timestamps arrive as numbers in real payloads and as
 * strings in the postback reference page, so both are accepted.
 */

const timestamp = z.union([z.number(), z.string().regex(/^\d{1,16}$/).transform(Number)]);
const party = z.object({ id: z.string().min(1).max(64) });

/** The envelope Meta posts: `entry[]`, each with `messaging[]` (and `standby[]` under handover). */
export const envelopeSchema = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({
        id: z.string().optional(),
        time: timestamp.optional(),
        messaging: z.array(z.unknown()).optional(),
        standby: z.array(z.unknown()).optional(),
      }),
    )
    .max(1000),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const attachmentSchema = z.object({
  type: z.string().max(40),
  payload: z.object({ sticker_id: z.union([z.number(), z.string()]).optional() }).nullish(),
});

const rawMessaging = z.object({
  sender: party,
  recipient: party,
  timestamp: timestamp.optional(),
  message: z
    .object({
      mid: z.string().max(512).optional(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
      attachments: z.array(attachmentSchema).optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
    })
    .optional(),
  postback: z
    .object({
      mid: z.string().max(512).optional(),
      title: z.string().optional(),
      payload: z.string().optional(),
      referral: z.object({ ref: z.string().optional(), source: z.string().optional() }).optional(),
    })
    .optional(),
  referral: z.object({ ref: z.string().optional(), source: z.string().optional(), type: z.string().optional() }).optional(),
  delivery: z.object({}).optional(),
  read: z.object({}).optional(),
});

/** What a resident sent without words. `other` covers types Meta adds later (reels, posts…). */
export const ATTACHMENT_KINDS = ['image', 'sticker', 'audio', 'video', 'file', 'location', 'fallback', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

interface Common {
  /** The resident's page-scoped id (PSID). */
  psid: string;
  pageId: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Stable id of the event: the message id when there is one (deduplication key). */
  eventId: string;
}

/** Events that start a turn. They are what the durable inbox stores (sealed). */
export type TurnEvent =
  | (Common & { kind: 'text'; text: string })
  | (Common & { kind: 'quick_reply'; payload: string; text: string })
  | (Common & { kind: 'attachments'; types: AttachmentKind[] })
  | (Common & { kind: 'postback'; payload: string; ref?: string })
  | (Common & { kind: 'referral'; ref?: string });

/** Events acknowledged and dropped: the bot's own echoes, receipts, anything unknown. */
export type IgnoredEvent = { kind: 'echo' } | { kind: 'delivery' } | { kind: 'read' } | { kind: 'unknown'; type: string };

export type MessengerEvent = TurnEvent | IgnoredEvent;

const common = { psid: z.string(), pageId: z.string(), timestamp: z.number(), eventId: z.string() };

/**
 * The stored form of a TurnEvent, checked again when the worker takes it back, so an event
 * stored by an older release that no longer matches is set aside instead of half-read.
 */
export const turnEventSchema: z.ZodType<TurnEvent> = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('text'), text: z.string() }),
  z.object({ ...common, kind: z.literal('quick_reply'), payload: z.string(), text: z.string() }),
  z.object({ ...common, kind: z.literal('attachments'), types: z.array(z.enum(ATTACHMENT_KINDS)) }),
  z.object({ ...common, kind: z.literal('postback'), payload: z.string(), ref: z.string().optional() }),
  z.object({ ...common, kind: z.literal('referral'), ref: z.string().optional() }),
]);

export function isTurnEvent(e: MessengerEvent): e is TurnEvent {
  return e.kind === 'text' || e.kind === 'quick_reply' || e.kind === 'attachments' || e.kind === 'postback' || e.kind === 'referral';
}

/**
 * One `messaging[]` element to a MessengerEvent. Never throws: an element it cannot read is
 * `unknown` (logged by type and acknowledged), so one odd element never makes Meta resend a batch.
 */
export function parseMessagingEvent(raw: unknown): MessengerEvent {
  const parsed = rawMessaging.safeParse(raw);
  if (!parsed.success) return { kind: 'unknown', type: unknownType(raw, 'malformed') };
  const e = parsed.data;
  const base = { psid: e.sender.id, pageId: e.recipient.id, timestamp: e.timestamp ?? 0 };
  const stableId = (kind: string, extra: string) => `${kind}:${e.sender.id}:${e.timestamp ?? 0}:${extra}`;

  if (e.message) {
    const m = e.message;
    // Echoes are the Page's own messages (ours included): answering them would loop.
    if (m.is_echo) return { kind: 'echo' };
    const eventId = m.mid ?? stableId('message', '');
    if (m.quick_reply && m.quick_reply.payload !== '') {
      return { ...base, eventId, kind: 'quick_reply', payload: m.quick_reply.payload, text: m.text ?? '' };
    }
    if (typeof m.text === 'string' && m.text.trim() !== '') return { ...base, eventId, kind: 'text', text: m.text };
    const types = (m.attachments ?? []).map((a) => attachmentKind(a.type, a.payload?.sticker_id ?? m.sticker_id));
    return { ...base, eventId, kind: 'attachments', types };
  }
  if (e.postback) {
    const payload = e.postback.payload ?? '';
    return {
      ...base,
      eventId: e.postback.mid ?? stableId('postback', payload),
      kind: 'postback',
      payload,
      ...(e.postback.referral?.ref ? { ref: e.postback.referral.ref } : {}),
    };
  }
  if (e.referral) {
    const ref = e.referral.ref;
    return { ...base, eventId: stableId('referral', ref ?? ''), kind: 'referral', ...(ref ? { ref } : {}) };
  }
  if (e.delivery) return { kind: 'delivery' };
  if (e.read) return { kind: 'read' };
  return { kind: 'unknown', type: unknownType(raw, 'unrecognised') };
}

function attachmentKind(type: string, stickerId: unknown): AttachmentKind {
  // Until 30 Aug 2026 a sticker came as an image with a sticker_id (channels.md B2, §4.12).
  if (type === 'image' && stickerId !== undefined) return 'sticker';
  return (ATTACHMENT_KINDS as readonly string[]).includes(type) ? (type as AttachmentKind) : 'other';
}

/** The event's field name (reaction, optin, …) for the log: a name from Meta's schema, never content. */
function unknownType(raw: unknown, fallback: string): string {
  if (!raw || typeof raw !== 'object') return fallback;
  const key = Object.entries(raw).find(([k, v]) => v !== undefined && !['sender', 'recipient', 'timestamp'].includes(k))?.[0];
  return key && /^[a-z_-]{1,40}$/.test(key) ? key : fallback;
}

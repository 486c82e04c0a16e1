import { type Activity, ActivityTypes } from 'botbuilder';
import { Payload, parsePayload } from '../../bot/payloads';
import type { TurnEvent } from './events';

export const MESSENGER_CHANNEL = 'messenger';

/**
 * A Messenger event as the Activity the bot understands. Pure: no I/O, no Messenger JSON past
 * this point. Buttons, Get Started and referrals all arrive as payload text the router knows
 * (`GET_STARTED`, `TOPIC:dv-help`, `QUIZ`), typed text as text, and media without words as a
 * message with attachments and no text (the bot answers that it reads text, with the menu).
 *
 * @param knownKinds payload kinds some feature answers; a referral naming another kind opens the menu.
 */
export function eventToActivity(event: TurnEvent, knownKinds: ReadonlySet<string>): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    id: event.eventId,
    timestamp: new Date(event.timestamp || Date.now()),
    channelId: MESSENGER_CHANNEL,
    serviceUrl: '',
    conversation: { id: event.psid, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: event.psid, name: '', role: 'user' },
    recipient: { id: event.pageId, name: '', role: 'bot' },
    channelData: { messenger: { kind: event.kind } },
  };
  switch (event.kind) {
    case 'text':
      return { ...activity, text: event.text };
    case 'quick_reply':
      // The payload carries the full choice; the title (`text`) may have been shortened.
      return { ...activity, text: event.payload };
    case 'postback':
      // The first postback of a thread opened from an m.me link carries the link's ref: a poster's
      // QR code for the quiz should open the quiz, not the generic welcome.
      return { ...activity, text: refToPayload(event.ref, knownKinds) ?? (event.payload || Payload.getStarted) };
    case 'referral':
      return { ...activity, text: refToPayload(event.ref, knownKinds) ?? Payload.getStarted };
    case 'attachments':
      return { ...activity, attachments: event.types.map((t) => ({ contentType: `messenger/${t}` })) };
    default: {
      const never: never = event;
      throw new Error(`unmapped event ${String((never as { kind: string }).kind)}`);
    }
  }
}

/**
 * An m.me `ref` as a payload. Meta allows only letters, digits, `-`, `_` and `=` in a ref
 * (channels.md B2), so `=` stands for the payload's `:`: `m.me/<page>?ref=TOPIC=dv-help` opens the
 * topic, `ref=QUIZ` the quiz. `:` is accepted too. Anything else (an ad campaign's own tag) is
 * not a payload and returns undefined.
 */
export function refToPayload(ref: string | undefined, knownKinds: ReadonlySet<string>): string | undefined {
  if (!ref) return undefined;
  const candidate = ref.trim().replace(/=/g, ':');
  const [kind, ...args] = candidate.split(':');
  const text = [kind!.toUpperCase(), ...args].join(':');
  const parsed = parsePayload(text);
  return parsed && knownKinds.has(parsed.kind) ? text : undefined;
}

/** The ref to print on a poster for a payload (the inverse of `refToPayload`). */
export function payloadToRef(payload: string): string {
  return payload.replace(/:/g, '=');
}

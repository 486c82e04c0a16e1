import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, Express, Request, Response } from 'express';
import type { IncomingEvent, Inbox } from '../../bot/inbox';
import type { RawBodyRequest } from '../../http/app';
import type { Logger } from '../../logger';
import { envelopeSchema, isTurnEvent, parseMessagingEvent } from './events';
import { MESSENGER_CHANNEL } from './mapper';

export const WEBHOOK_PATH = '/webhooks/messenger';

export interface WebhookDeps {
  appSecret: string;
  verifyToken: string;
  inbox: Inbox;
  logger: Logger;
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, compared in constant
 * time. The raw bytes are what Meta signed: re-serialised JSON differs in its escapes and fails on
 * Vietnamese text (channels.md §4.1). https://developers.facebook.com/docs/graph-api/webhooks/getting-started/
 */
export function verifyMessengerSignature(raw: Buffer | undefined, header: string | undefined, appSecret: string): boolean {
  if (!raw || !header) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

/** Equal-length digests, so the comparison takes the same time whatever the guess. */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/**
 * The webhook: GET answers Meta's subscription check; POST verifies the signature, reads every
 * `entry[].messaging[]` event, stores those that start a turn in the durable inbox, and answers
 * 200 as soon as they are stored. Turns run later, in the inbox's worker, so a slow Send API never
 * makes Meta wait (it times out at 20 s and redelivers). Echoes, receipts and unknown events are
 * acknowledged and dropped.
 */
export function mountWebhook(app: Express, deps: WebhookDeps): void {
  app.get(WEBHOOK_PATH, (req: Request, res: Response) => {
    const q = new URL(req.originalUrl, 'http://localhost').searchParams;
    const challenge = q.get('hub.challenge');
    if (q.get('hub.mode') === 'subscribe' && sameSecret(q.get('hub.verify_token') ?? '', deps.verifyToken) && challenge) {
      deps.logger.info('messenger: webhook subscription verified');
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    deps.logger.warn('messenger: webhook subscription check refused (wrong verify token or mode)');
    res.sendStatus(403);
  });

  app.post(WEBHOOK_PATH, async (req: RawBodyRequest, res: Response) => {
    if (!verifyMessengerSignature(req.rawBody, req.get('x-hub-signature-256'), deps.appSecret)) {
      deps.logger.warn({ signed: req.get('x-hub-signature-256') !== undefined }, 'messenger: webhook signature missing or wrong; refused');
      res.status(401).json({ error: 'bad_signature' });
      return;
    }
    const parsed = envelopeSchema.safeParse(req.body);
    if (!parsed.success) {
      deps.logger.warn('messenger: signed webhook body is not a Messenger event batch');
      res.status(400).json({ error: 'malformed_event' });
      return;
    }
    if (parsed.data.object !== 'page') {
      deps.logger.info({ object: parsed.data.object.slice(0, 40) }, 'messenger: webhook object not handled');
      res.status(200).send('EVENT_RECEIVED');
      return;
    }
    const events: IncomingEvent[] = [];
    const ignored: Record<string, number> = {};
    for (const entry of parsed.data.entry) {
      for (const raw of entry.messaging ?? []) {
        const e = parseMessagingEvent(raw);
        if (isTurnEvent(e)) {
          events.push({ eventId: e.eventId, userId: e.psid, event: e });
        } else {
          const label = e.kind === 'unknown' ? e.type : e.kind;
          ignored[label] = (ignored[label] ?? 0) + 1;
          if (e.kind === 'unknown') deps.logger.info({ type: e.type }, 'messenger: event type not handled');
        }
      }
      // Under the handover protocol another app owns the thread: its events are not ours to answer.
      if (entry.standby?.length) ignored.standby = (ignored.standby ?? 0) + entry.standby.length;
    }
    try {
      const { accepted, duplicates } = await deps.inbox.accept(MESSENGER_CHANNEL, events);
      deps.logger.debug({ accepted, duplicates, ignored }, 'messenger: webhook batch stored');
    } catch (err) {
      // Not stored: Meta will deliver it again, which is what we want.
      deps.logger.error({ err }, 'messenger: could not store webhook events');
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    res.status(200).send('EVENT_RECEIVED');
  });

  // The app parses JSON before any route. A body that is not JSON reaches here: it is refused as
  // unsigned (401) unless its signature holds, and only then called malformed (400).
  const parseFailures: ErrorRequestHandler = (err: { type?: string }, req, res, next) => {
    if (err.type === 'entity.parse.failed' && !verifyMessengerSignature((req as RawBodyRequest).rawBody, req.get('x-hub-signature-256'), deps.appSecret)) {
      deps.logger.warn('messenger: unsigned webhook body that is not JSON; refused');
      res.status(401).json({ error: 'bad_signature' });
      return;
    }
    next(err);
  };
  app.use(WEBHOOK_PATH, parseFailures);
}

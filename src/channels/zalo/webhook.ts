import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Counter } from 'prom-client';
import type { Inbox } from '../../bot/inbox';
import type { RawBodyRequest } from '../../http/app';
import type { Logger } from '../../logger';
import { bodyTimestamp, eventIdOf, parseZaloEvent } from './events';
import { parseJsonLossless } from './json';
import { ZALO_CHANNEL } from './mapper';

/**
 * `X-ZEvent-Signature` (channels.md §A1): `mac=` + lowercase hex SHA-256 (plain, not HMAC) of
 * app id + the raw body bytes + the body's own `timestamp` + the OA secret key (not the app
 * secret). Over the bytes as received: re-serialised JSON changes escapes and Vietnamese text.
 */
export function zaloSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return 'mac=' + createHash('sha256').update(appId, 'utf8').update(rawBody).update(timestamp, 'utf8').update(oaSecretKey, 'utf8').digest('hex');
}

/** Constant-time check of a header against the expected signature. */
export function verifyZaloSignature(header: string | undefined, appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(zaloSignature(appId, rawBody, timestamp, oaSecretKey).slice(4), 'utf8');
  // Accepts the hex with or without its `mac=` prefix (one production reader strips it).
  const given = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ZaloWebhookDeps {
  appId: string;
  oaSecretKey: string;
  /** Signed events older than this are not acted on (a captured body replayed later). */
  maxAgeMs: number;
  bodyLimitBytes: number;
  inbox: Inbox;
  logger: Logger;
  events: Counter<'outcome'>;
  now?: () => number;
}

/** Clocks differ a little; a timestamp further ahead than this is not believed either. */
const FUTURE_SKEW_MS = 5 * 60_000;
/** 2001-09-09 in epoch ms: any real Zalo event in milliseconds is later. */
const EPOCH_MS_FLOOR = 1e12;

/**
 * `POST /webhooks/zalo`: verify, parse, put the event in the durable inbox, answer. The bot's
 * turn runs later from the inbox, so Zalo's 2-second limit is never at the mercy of the OA API.
 *   401 bad or missing signature (nothing is done) · 400 malformed body · 503 inbox unavailable
 *   (Zalo retries) · 200 for everything else, including events the bot does not act on:
 *   a non-2xx would make Zalo retry them and, in the end, switch the webhook off.
 */
export function zaloWebhook(deps: ZaloWebhookDeps): RequestHandler[] {
  const now = deps.now ?? Date.now;
  // express.json already kept the bytes of JSON bodies; this catches any other content type.
  const raw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });
  const handler = async (req: Request, res: Response): Promise<void> => {
    const reply = (status: number, outcome: string, body: Record<string, unknown>) => {
      deps.events.inc({ outcome });
      res.status(status).json(body);
    };
    const bytes = (req as RawBodyRequest).rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    if (!bytes || bytes.length === 0) return reply(400, 'malformed', { error: 'empty_body' });
    // The signature needs the body's timestamp: read it from express.json's parse (fast, native;
    // a timestamp is a safe number), verify, and only then parse the bytes again without losing
    // the digits of ids (json.ts).
    let loose: unknown = (req as RawBodyRequest).rawBody ? req.body : undefined;
    if (loose === undefined) {
      try {
        loose = JSON.parse(bytes.toString('utf8'));
      } catch {
        deps.logger.warn({ channel: ZALO_CHANNEL, status: 400 }, 'zalo webhook: body is not JSON');
        return reply(400, 'malformed', { error: 'malformed_json' });
      }
    }
    const timestamp = bodyTimestamp(loose);
    if (!timestamp) return reply(400, 'malformed', { error: 'missing_timestamp' });
    if (!verifyZaloSignature(req.get('x-zevent-signature'), deps.appId, bytes, timestamp, deps.oaSecretKey)) {
      deps.logger.warn({ channel: ZALO_CHANNEL, status: 401, hasHeader: req.get('x-zevent-signature') !== undefined }, 'zalo webhook: bad signature, event refused');
      return reply(401, 'bad_signature', { error: 'bad_signature' });
    }
    let body: unknown;
    try {
      body = parseJsonLossless(bytes);
    } catch {
      // Valid JSON for JSON.parse but not here: duplicate keys (two texts under one signature).
      deps.logger.warn({ channel: ZALO_CHANNEL, status: 400 }, 'zalo webhook: ambiguous JSON (duplicate keys)');
      return reply(400, 'malformed', { error: 'malformed_json' });
    }
    const parsed = parseZaloEvent(body);
    if (!parsed.ok) {
      deps.logger.warn({ channel: ZALO_CHANNEL, status: 400, field: parsed.reason }, 'zalo webhook: malformed event');
      return reply(400, 'malformed', { error: 'malformed_event', field: parsed.reason });
    }
    const event = parsed.event;
    const age = now() - event.timestamp;
    // Only epoch milliseconds can be judged (one reference sample shows a 12-digit value:
    // UNCONFIRMED); whatever the unit, a redelivery is still caught by the inbox's dedupe.
    const judgeable = event.timestamp >= EPOCH_MS_FLOOR;
    if (judgeable && (age > deps.maxAgeMs || age < -FUTURE_SKEW_MS)) {
      deps.logger.warn({ channel: ZALO_CHANNEL, ageS: Math.round(age / 1000) }, 'zalo webhook: signed event outside the accepted age (a replay, or a clock far off); not acted on');
      return reply(200, 'stale', { status: 'ignored', reason: 'too_old' });
    }
    if (event.kind === 'ignored') return reply(200, 'ignored', { status: 'ignored' });
    if (event.kind === 'unknown') {
      deps.logger.info({ channel: ZALO_CHANNEL, event: event.name }, 'zalo webhook: event the bot does not handle');
      return reply(200, 'unknown', { status: 'ignored' });
    }
    try {
      const { duplicates } = await deps.inbox.accept(ZALO_CHANNEL, [{ eventId: eventIdOf(event), userId: event.userId, event }]);
      return duplicates > 0 ? reply(200, 'duplicate', { status: 'duplicate' }) : reply(200, 'accepted', { status: 'ok' });
    } catch (err) {
      deps.logger.error({ err, channel: ZALO_CHANNEL }, 'zalo webhook: could not store the event; Zalo will deliver it again');
      return reply(503, 'unavailable', { error: 'unavailable' });
    }
  };
  return [raw, handler];
}

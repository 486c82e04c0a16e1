import { AppError } from '../../errors';

/**
 * Zalo's application error codes that the channel treats differently (channels.md §A3, §A5).
 * Every one of them comes with HTTP 200: the body's `error` field is what tells.
 */
export const ZaloCodes = {
  /** The access token is invalid, expired or removed: refresh, then retry the send once. */
  expiredToken: new Set([-216, -220, -124]),
  /**
   * Permanent for this message: outside the consultation window (-230, -232), not a follower
   * (-213), inactive or banned (-227), out of quota (-211, legacy -311), legacy 48 h window (-305).
   * Retrying cannot help; the message is counted and dropped.
   */
  undeliverable: new Set([-230, -232, -213, -227, -211, -305, -311]),
  /** The app or OA called too often: back off and try again. */
  rateLimited: -32,
} as const;

/**
 * A send that failed for a reason that may pass (network, Zalo 5xx, rate limit that did not
 * clear, no usable token yet). It propagates out of the turn so the inbox runs the turn again
 * later; messages already delivered are not sent twice (the turn's seq keeps count).
 */
export class ZaloRetryableError extends AppError {
  readonly retryable = true;

  constructor(
    readonly platformCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CHANNEL_SEND_FAILED', message, 'errors.generic', options);
    this.name = 'ZaloRetryableError';
  }
}

/** No access token can be used now (none stored, or Zalo refused the refresh token). */
export class ZaloTokenUnavailableError extends ZaloRetryableError {
  constructor(reason: string) {
    super('token_unavailable', `zalo: no usable access token (${reason})`);
    this.name = 'ZaloTokenUnavailableError';
  }
}

export function isRetryable(err: unknown): err is ZaloRetryableError {
  return err instanceof ZaloRetryableError;
}

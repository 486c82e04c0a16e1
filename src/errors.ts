/**
 * Expected failures carry a code and a user-facing message key; their `safeMessage` holds no
 * user input and may be logged.
 */
export type AppErrorCode =
  | 'CONFIG_INVALID'
  | 'CONTENT_INVALID'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONFLICT'
  | 'CHANNEL_SEND_FAILED'
  | 'CHANNEL_AUTH_FAILED'
  | 'RATE_LIMITED'
  | 'BAD_REQUEST'
  | 'FORBIDDEN';

export class AppError extends Error {
  readonly safeMessage: string;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly messageKey = 'errors.generic',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.safeMessage = message;
  }
}

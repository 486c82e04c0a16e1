import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names that may carry what a resident typed, who they are, or a credential. They are
 * censored at any depth we log (top level and one or two levels down). The stronger rule is
 * that code never passes message text or raw platform ids to the logger at all; redaction is
 * the net under that rule, and a test proves the net holds.
 */
const SENSITIVE = [
  'text', 'value', 'payload', 'message', 'body', 'rawBody', 'channelData', 'attachments',
  'userId', 'user_id', 'from', 'recipient', 'sender', 'conversation', 'psid', 'mid', 'msg_id',
  'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'secret', 'password',
  'authorization', 'cookie', 'phone', 'safeWord',
];
const paths = [
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-zevent-signature"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'binhdang-bot' },
    redact: { paths, censor: '[redacted]' },
    // An error's message can quote input (JSON.parse does in Node 20), so errors are logged by
    // type and code, with the stack only at debug level.
    serializers: { err: (e: unknown) => serializeError(e, level === 'debug' || level === 'trace') },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

export function serializeError(err: unknown, withStack = false): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: unknown; status?: unknown; statusCode?: unknown; safeMessage?: string };
  return {
    type: e.name,
    code: e.code,
    status: e.status ?? e.statusCode,
    // Our own errors set `safeMessage` when their message is known to hold no user input.
    message: e.safeMessage,
    // The first line of a stack repeats the message, so only the frames are kept.
    stack: withStack ? e.stack?.split('\n').slice(1).join('\n') : undefined,
  };
}

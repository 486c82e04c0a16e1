import Redis, { type RedisOptions } from 'ioredis';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';

export interface RedisConnectionOptions {
  /** How long one command may take before it fails (a hung server must not hang a webhook). */
  commandTimeoutMs?: number;
  /** How long startup waits for the first connection before giving up with a clear error. */
  connectWaitMs?: number;
  logger?: Logger;
  /** Shown in errors and logs instead of the URL (which may hold a password). */
  label?: string;
}

/**
 * Opens one ioredis connection for the stores, tuned to fail fast rather than to wait:
 * - no offline queue and no resending after a drop: while Redis is away every command rejects
 *   at once with STORE_UNAVAILABLE, so a webhook answers 503 and the platform redelivers,
 *   instead of piling up requests in memory that would run minutes later, out of order;
 * - a command timeout, so a server that hangs is treated like one that is gone;
 * - reconnection with capped exponential backoff and jitter, forever (Redis comes back; the
 *   process should not have to be restarted for that).
 * ioredis replays Lua scripts that a restarted server forgot (NOSCRIPT) by itself.
 */
export async function connectRedis(url: string, opts: RedisConnectionOptions = {}): Promise<Redis> {
  const label = opts.label ?? 'redis';
  const options: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: opts.commandTimeoutMs ?? 2_000,
    connectTimeout: 2_000,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5_000) * (0.75 + Math.random() / 2),
  };
  const client = new Redis(url, options);
  // Without an 'error' listener ioredis prints every failed reconnection; log each change once.
  let down = false;
  let connected = false;
  const lost = (code: string) => {
    if (connected && !down) opts.logger?.warn({ store: label, code }, 'redis: connection lost, reconnecting');
    down = true;
  };
  client.on('error', (err: Error & { code?: string }) => lost(err.code ?? err.name));
  client.on('close', () => lost('closed'));
  client.on('ready', () => {
    if (down && connected) opts.logger?.info({ store: label }, 'redis: connection back');
    down = false;
    connected = true;
  });

  // The first connect() rejects if the server is not there yet, but the retry strategy keeps
  // trying; startup waits for the first 'ready' (docker compose may start Redis after the bot).
  const waitMs = opts.connectWaitMs ?? 10_000;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new AppError('STORE_UNAVAILABLE', `REDIS_URL: cannot connect to ${label} within ${waitMs} ms`));
    }, waitMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
  client.connect().catch(() => undefined);
  try {
    await ready;
  } catch (err) {
    client.disconnect();
    throw err;
  }
  return client;
}

/**
 * Turns whatever ioredis throws while the server is away (closed stream, timeout, max retries)
 * into one typed error with a short reason and no data. Script errors that mean a bug pass through.
 */
export function redisUnavailable(err: unknown, label = 'redis'): unknown {
  if (err instanceof AppError) return err;
  const e = err as Error & { code?: string; name?: string };
  const message = e?.message ?? '';
  const transient =
    e?.name === 'MaxRetriesPerRequestError' ||
    /Stream isn't writeable|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|LOADING|READONLY|MASTERDOWN/i.test(message) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e?.code ?? '');
  if (!transient) return err;
  return new AppError('STORE_UNAVAILABLE', `${label} unavailable: ${shortReason(message, e?.code)}`, 'errors.generic', { cause: err });
}

/** Wraps a Redis call so its failures while the server is away become STORE_UNAVAILABLE. */
export async function guarded<T>(label: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw redisUnavailable(err, label);
  }
}

/** Rejects at once while disconnected, so /readyz answers 503 without waiting for a timeout. */
export async function pingRedis(client: Redis, label = 'redis'): Promise<void> {
  if (client.status !== 'ready') {
    throw new AppError('STORE_UNAVAILABLE', `${label} not connected (${client.status})`);
  }
  await guarded(label, () => client.ping());
}

function shortReason(message: string, code?: string): string {
  if (code) return code;
  if (/timed out/i.test(message)) return 'command timed out';
  if (/writeable|closed|MaxRetries/i.test(message)) return 'not connected';
  return message.split('\n')[0]!.slice(0, 80);
}

/** Closes politely (QUIT lets replies in flight arrive) and only once. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      const ended = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        client.once('end', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await client.quit();
      await ended;
      return;
    } catch {
      /* fall through to a hard disconnect */
    }
  }
  client.disconnect();
}

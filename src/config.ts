import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a typed `Config`.
 * A bad value stops startup with a one-line message that names the variable (see `ConfigError`).
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = () => z.preprocess(emptyToUndefined, z.url().optional());
const urlWithDefault = (def: string) => z.preprocess(emptyToUndefined, z.url().default(def));
const intIn = (min: number, max: number, def: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
/** 32 bytes, given as 64 hex characters or base64 (what `openssl rand -base64 32` prints). */
const key32 = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((s) => decodeKey(s)?.length === 32, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)')
    .optional(),
);
const secret = z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional());

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: intIn(0, 65535, 3978),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  CONTENT_DIR: z.preprocess(emptyToUndefined, z.string().default('./content')),
  REDIS_URL: optionalUrl(),
  MONGODB_URI: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  ),
  REDIS_KEY_PREFIX: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9:_.-]{1,40}$/, 'letters, digits and : _ . - only (at most 40)').default('bd:'),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(['vi', 'en']).default('vi')),
  BODY_LIMIT_KB: intIn(1, 10_240, 256),
  PSEUDONYM_SECRET: secret,
  DATA_ENCRYPTION_KEY: key32,
  CONVERSATION_TTL_DAYS: intIn(1, 365, 14),
  USER_STATE_TTL_DAYS: intIn(1, 3650, 365),
  RATE_LIMIT_PER_MINUTE: intIn(1, 10_000, 20),
  SERVICE_VERIFIED_MAX_AGE_DAYS: intIn(1, 3650, 180),
  REACH_MIN_CELL: intIn(2, 1000, 5),
  QUIZ_MIN_GROUP_SIZE: intIn(2, 1000, 5),
  QUIZ_PRIZE_MIN_PERCENT: intIn(0, 100, 100),
  SUPPORT_STATE_TTL_MINUTES: intIn(1, 1440, 30),
  SUPPORT_QUIET_DAYS: intIn(1, 365, 30),
  CALLBACK_RETENTION_DAYS: intIn(1, 365, 30),

  MESSENGER_APP_SECRET: optionalString,
  MESSENGER_VERIFY_TOKEN: optionalString,
  MESSENGER_PAGE_ACCESS_TOKEN: optionalString,
  MESSENGER_API_BASE: urlWithDefault('https://graph.facebook.com/v25.0'),
  MESSENGER_SENDS_PER_SECOND: intIn(1, 300, 250),
  INBOX_LEASE_SECONDS: intIn(1, 3600, 120),

  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_API_BASE: urlWithDefault('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: urlWithDefault('https://oauth.zaloapp.com'),
  ZALO_EVENT_MAX_AGE_SECONDS: intIn(10, 7 * 86_400, 86_400),
  ZALO_SITE_VERIFICATION: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be the code from Zalo (letters, digits, - and _)').optional()),
  ZALO_HTTP_TIMEOUT_MS: intIn(100, 120_000, 10_000),
});

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export interface MessengerConfig {
  appSecret: string;
  verifyToken: string;
  pageAccessToken: string;
  apiBase: string;
  /** Send API calls per second, kept below the Page's limit of 300. */
  sendsPerSecond: number;
}

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  accessToken?: string;
  refreshToken?: string;
  apiBase: string;
  oauthBase: string;
  /** Signed events older than this (by their own timestamp) are not acted on: replays. */
  eventMaxAgeMs: number;
  /** Per request to the OA API and the OAuth server. */
  httpTimeoutMs: number;
}

export interface QuizConfig {
  /** k: groups (and rounds, in the officer view) with fewer participants are not shown. */
  minGroupSize: number;
  /** A first attempt scoring at least this share (percent) earns a prize code; 0 turns codes off. */
  prizeMinPercent: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  contentDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  defaultLocale: 'vi' | 'en';
  bodyLimitBytes: number;
  redisUrl?: string;
  mongodbUri?: string;
  /** Every Redis key starts with this, so several deployments (or tests) can share one Redis. */
  redisKeyPrefix: string;
  /** Undefined when not set: `resolveSecrets` then creates development secrets (and says so). */
  pseudonymSecret?: string;
  dataEncryptionKey?: Buffer;
  conversationTtlMs: number;
  userStateTtlMs: number;
  rateLimitPerMinute: number;
  serviceVerifiedMaxAgeDays: number;
  /** k of the small-cell rule: support figures and cells by group, gender or age band below it are shown as "<k". */
  reachMinCell: number;
  quiz: QuizConfig;
  /** How long the support path remembers where a person is (and a callback form half filled). */
  supportStateTtlMs: number;
  /** After entering the support path, a person receives no reminders or broadcasts for this long. */
  supportQuietMs: number;
  /** Callback requests are deleted this long after they were made. */
  callbackRetentionMs: number;
  /** How long an inbox worker owns an event; a crashed worker's events are taken again after it. */
  inboxLeaseMs: number;
  messenger?: MessengerConfig;
  zalo?: ZaloConfig;
  /** Zalo's domain-verification code: the bot serves /zalo_verifier<code>.html (a channel may not be live yet). */
  zaloSiteVerification?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function decodeKey(s: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) {
    const b = Buffer.from(s, 'base64');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

/** Names the channel variables that are set and those missing, so a half-configured channel fails loudly. */
function channelGroup<K extends string>(env: Record<string, unknown>, required: readonly K[]): 'off' | 'on' {
  const set = required.filter((k) => env[k] !== undefined);
  if (set.length === 0) return 'off';
  const missing = required.filter((k) => env[k] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`${missing[0]} is required when ${set[0]} is set (channel half-configured)`);
  }
  return 'on';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const messengerOn = channelGroup(e, ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const);
  const zaloOn = channelGroup(e, ['ZALO_APP_ID', 'ZALO_OA_SECRET_KEY', 'ZALO_APP_SECRET'] as const);
  if (e.NODE_ENV === 'production' && (!e.PSEUDONYM_SECRET || !e.DATA_ENCRYPTION_KEY)) {
    throw new ConfigError(
      `${e.PSEUDONYM_SECRET ? 'DATA_ENCRYPTION_KEY' : 'PSEUDONYM_SECRET'}: required when NODE_ENV=production (development secrets are refused)`,
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    contentDir: path.resolve(e.CONTENT_DIR),
    logLevel: e.LOG_LEVEL,
    defaultLocale: e.DEFAULT_LOCALE,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    redisUrl: e.REDIS_URL,
    mongodbUri: e.MONGODB_URI,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    pseudonymSecret: e.PSEUDONYM_SECRET,
    dataEncryptionKey: e.DATA_ENCRYPTION_KEY ? decodeKey(e.DATA_ENCRYPTION_KEY) : undefined,
    conversationTtlMs: e.CONVERSATION_TTL_DAYS * DAY_MS,
    userStateTtlMs: e.USER_STATE_TTL_DAYS * DAY_MS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    serviceVerifiedMaxAgeDays: e.SERVICE_VERIFIED_MAX_AGE_DAYS,
    reachMinCell: e.REACH_MIN_CELL,
    quiz: { minGroupSize: e.QUIZ_MIN_GROUP_SIZE, prizeMinPercent: e.QUIZ_PRIZE_MIN_PERCENT },
    supportStateTtlMs: e.SUPPORT_STATE_TTL_MINUTES * 60_000,
    supportQuietMs: e.SUPPORT_QUIET_DAYS * DAY_MS,
    callbackRetentionMs: e.CALLBACK_RETENTION_DAYS * DAY_MS,
    inboxLeaseMs: e.INBOX_LEASE_SECONDS * 1000,
    messenger:
      messengerOn === 'on'
        ? {
            appSecret: e.MESSENGER_APP_SECRET!,
            verifyToken: e.MESSENGER_VERIFY_TOKEN!,
            pageAccessToken: e.MESSENGER_PAGE_ACCESS_TOKEN!,
            apiBase: e.MESSENGER_API_BASE.replace(/\/+$/, ''),
            sendsPerSecond: e.MESSENGER_SENDS_PER_SECOND,
          }
        : undefined,
    zalo:
      zaloOn === 'on'
        ? {
            appId: e.ZALO_APP_ID!,
            appSecret: e.ZALO_APP_SECRET!,
            oaSecretKey: e.ZALO_OA_SECRET_KEY!,
            accessToken: e.ZALO_ACCESS_TOKEN,
            refreshToken: e.ZALO_REFRESH_TOKEN,
            apiBase: e.ZALO_API_BASE.replace(/\/+$/, ''),
            oauthBase: e.ZALO_OAUTH_BASE.replace(/\/+$/, ''),
            eventMaxAgeMs: e.ZALO_EVENT_MAX_AGE_SECONDS * 1000,
            httpTimeoutMs: e.ZALO_HTTP_TIMEOUT_MS,
          }
        : undefined,
    zaloSiteVerification: e.ZALO_SITE_VERIFICATION,
  };
}

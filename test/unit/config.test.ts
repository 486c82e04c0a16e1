import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('runs embedded with nothing set: port 3978, ./data, Vietnamese, no channels', () => {
    const cfg = loadConfig({});
    expect(cfg.port).toBe(3978);
    expect(cfg.dataDir).toMatch(/data$/);
    expect(cfg.defaultLocale).toBe('vi');
    expect(cfg.redisUrl).toBeUndefined();
    expect(cfg.messenger).toBeUndefined();
    expect(cfg.zalo).toBeUndefined();
    expect(cfg.pseudonymSecret).toBeUndefined();
    expect(cfg.quiz).toEqual({ minGroupSize: 5, prizeMinPercent: 100 });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ REDIS_URL: 'not a url' }, /^REDIS_URL: /],
    [{ DATA_ENCRYPTION_KEY: 'short' }, /^DATA_ENCRYPTION_KEY: must be 32 bytes/],
    [{ PSEUDONYM_SECRET: 'tiny' }, /^PSEUDONYM_SECRET: must be at least 16/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ QUIZ_MIN_GROUP_SIZE: '1' }, /^QUIZ_MIN_GROUP_SIZE: /],
    [{ QUIZ_PRIZE_MIN_PERCENT: '120' }, /^QUIZ_PRIZE_MIN_PERCENT: /],
    [{ MESSENGER_APP_SECRET: 'abc' }, /^MESSENGER_VERIFY_TOKEN is required when MESSENGER_APP_SECRET is set/],
    [{ NODE_ENV: 'production' }, /^PSEUDONYM_SECRET: required when NODE_ENV=production/],
    [{ ZALO_APP_ID: '1', ZALO_APP_SECRET: 's' }, /^ZALO_OA_SECRET_KEY is required when ZALO_APP_ID is set/],
    [{ ZALO_EVENT_MAX_AGE_SECONDS: '1' }, /^ZALO_EVENT_MAX_AGE_SECONDS: /],
  ])('stops on %o with a one-line message naming the variable', (env, message) => {
    let err: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('accepts a base64 or hex key and treats empty strings as unset', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ DATA_ENCRYPTION_KEY: b64 }).dataEncryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({ DATA_ENCRYPTION_KEY: 'ab'.repeat(32) }).dataEncryptionKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).port).toBe(3978);
  });

  it('turns a channel on when all its secrets are set', () => {
    const cfg = loadConfig({ MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'v', MESSENGER_PAGE_ACCESS_TOKEN: 't', MESSENGER_API_BASE: 'http://127.0.0.1:9/v25.0/' });
    expect(cfg.messenger).toEqual({ appSecret: 's', verifyToken: 'v', pageAccessToken: 't', apiBase: 'http://127.0.0.1:9/v25.0', sendsPerSecond: 250 });
  });

  it('turns Zalo on with its three secrets, with the OA API, OAuth and replay-age defaults', () => {
    const cfg = loadConfig({ ZALO_APP_ID: '360846524940903967', ZALO_APP_SECRET: 'a', ZALO_OA_SECRET_KEY: 'o' });
    expect(cfg.zalo).toEqual({
      appId: '360846524940903967', appSecret: 'a', oaSecretKey: 'o', accessToken: undefined, refreshToken: undefined,
      apiBase: 'https://openapi.zalo.me', oauthBase: 'https://oauth.zaloapp.com', eventMaxAgeMs: 86_400_000, httpTimeoutMs: 10_000,
    });
  });
});

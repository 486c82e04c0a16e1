import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import { AppError } from '../../src/errors';
import { connectRedis } from '../../src/stores/redis/connection';
import { mongoLabel, redisLabel } from '../../src/stores/cluster';
import { ensureBuilt } from '../helpers/build';
import { captureLogger, realContent, ROOT, testConfig } from '../helpers/env';
import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';

const prefix = redisTestPrefix('selection');
afterAll(async () => {
  await cleanupRedis(prefix);
});

/** Every key and value under the prefix, as one string, to search for what must not be there. */
async function dumpRedis(keyPrefix: string): Promise<string> {
  const r = new Redis(REDIS_TEST_URL);
  try {
    const keys = await r.keys(`${keyPrefix}*`);
    const parts: string[] = [];
    for (const k of keys) {
      const type = await r.type(k);
      parts.push(k);
      if (type === 'string') parts.push((await r.get(k)) ?? '');
      if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(k)));
      if (type === 'list') parts.push(JSON.stringify(await r.lrange(k, 0, -1)));
      if (type === 'zset') parts.push(JSON.stringify(await r.zrange(k, 0, -1)));
    }
    return parts.join('\n');
  } finally {
    r.disconnect();
  }
}

describe('store selection', () => {
  let rt: Runtime | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });

  it('puts state and the inbox on Redis with REDIS_URL, keeps records on SQLite and says so', async () => {
    const { logger, output } = captureLogger('info');
    const keyPrefix = `${prefix}a:`;
    rt = await buildRuntime(testConfig({ REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: keyPrefix }), logger, { content: realContent() });
    expect(rt.stores.describe.state).toMatch(/^redis redis:\/\/127\.0\.0\.1:6379/);
    expect(rt.stores.describe.inbox).toMatch(/^redis /);
    expect(rt.stores.describe.records).toMatch(/^sqlite .*MONGODB_URI not set/);
    expect(rt.stores.describe.reach).toMatch(/^redis .*HyperLogLog/);
    expect(rt.stores.reach.exact).toBe(false);
    expect(output()).toMatch(/REDIS_URL without MONGODB_URI: records .* stay on SQLite/);

    const ready = await request(rt.app).get('/readyz');
    expect(ready.status).toBe(200);
  });

  it('keeps Redis free of platform ids and message text (keys are pseudonyms, values sealed)', async () => {
    const keyPrefix = `${prefix}b:`;
    rt = await buildRuntime(testConfig({ REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: keyPrefix }), captureLogger('silent').logger, { content: realContent() });
    const psid = 'psid-9876543210';
    const secretText = 'chồng tôi đánh tôi tối qua';
    // A turn through /api/messages writes conversation and user state and a rate-limit counter.
    const turn = await request(rt.app)
      .post('/api/messages')
      .send({
        type: 'message', id: 'x1', text: secretText, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies', from: { id: psid }, recipient: { id: 'bot' }, conversation: { id: psid },
      });
    expect(turn.status).toBe(200);
    // An event waiting in the inbox.
    await rt.inbox.accept('messenger', [{ eventId: 'mid.secret-1', userId: psid, event: { text: secretText } }]);
    const raw = await dumpRedis(keyPrefix);
    expect(raw).toContain(`${keyPrefix}s:`);
    expect(raw).toContain(`${keyPrefix}i:item:`);
    expect(raw).not.toContain(psid);
    expect(raw).not.toContain('mid.secret-1');
    expect(raw).not.toContain(secretText);
    expect(raw).not.toContain('đánh');
  });

  it('fails to start with a line naming REDIS_URL when Redis cannot be reached', async () => {
    const started = Date.now();
    const err = await connectRedis('redis://127.0.0.1:1', { connectWaitMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORE_UNAVAILABLE');
    expect((err as AppError).message).toMatch(/^REDIS_URL: cannot connect to redis within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('rejects a MONGODB_URI that is not a MongoDB URL, naming the variable', () => {
    expect(() => testConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/^MONGODB_URI: must start with mongodb:\/\//);
    expect(() => testConfig({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/^REDIS_KEY_PREFIX: /);
  });

  it('never writes a password from the URLs into the startup description', () => {
    expect(redisLabel('redis://:s3cret@cache.internal:6380/2')).toBe('redis://cache.internal:6380/2');
    expect(mongoLabel('mongodb://bot:s3cret@db1:27017,db2:27017/binhdang?replicaSet=rs0')).toBe('mongodb://db1:27017,db2:27017/binhdang');
  });

  it('loads neither ioredis nor mongoose in the embedded default', () => {
    ensureBuilt();
    const script = `
      const { loadConfig } = require('./dist/src/config');
      const { createStores } = require('./dist/src/stores');
      const { Cipher, Pseudonymizer } = require('./dist/src/privacy/crypto');
      const os = require('os'), fs = require('fs'), path = require('path');
      const cfg = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bd-sel-')) });
      createStores(cfg, { pseudonyms: new Pseudonymizer('x'.repeat(16)), cipher: new Cipher(Buffer.alloc(32)) }).then(async (s) => {
        const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](ioredis|mongoose|mongodb)[\\\\/]/.test(k));
        process.stdout.write(JSON.stringify({ describe: s.describe, loaded: loaded.length }));
        await s.close();
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as { describe: Record<string, string>; loaded: number };
    expect(out.describe.state).toMatch(/^sqlite /);
    expect(out.loaded).toBe(0);
  });
});

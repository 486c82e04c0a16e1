import request from 'supertest';
import { captureLogger } from '../helpers/env';
import { OwnRedis } from '../helpers/redis-server';
import { batch, ev } from '../channels/messenger/events';
import { messengerBot, said, type MessengerBot } from '../channels/messenger/harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real Messenger webhook on Redis, with Redis killed and restarted between deliveries. */
describe('Messenger on Redis while Redis restarts', () => {
  let redis: OwnRedis;
  let bot: MessengerBot;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    bot = await messengerBot({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'bdfaultm:', RATE_LIMIT_PER_MINUTE: '1000' }, captureLogger('silent').logger);
  });
  afterAll(async () => {
    await bot?.close();
    await redis?.stop();
  });

  it('answers 503 during the outage, then answers each message once after Meta redelivers', async () => {
    const before = batch(ev.text('7001', 'menu'));
    expect((await bot.post(before)).status).toBe(200);
    await bot.settle();
    const first = said(bot.fake, '7001');
    expect(first.length).toBeGreaterThan(0);

    await redis.kill();
    const during = batch(ev.text('7002', 'menu'), ev.text('7001', 'help'));
    const refused = await bot.post(during);
    expect(refused.status).toBe(503);
    expect(said(bot.fake, '7002')).toEqual([]);

    await redis.up();
    for (let i = 0; i < 300 && (await request(bot.rt.app).get('/readyz')).status !== 200; i++) await sleep(50);
    // Meta redelivers both bodies (the one answered 200 too, as it sometimes does).
    expect((await bot.post(during)).status).toBe(200);
    expect((await bot.post(before)).status).toBe(200);
    await bot.settle();
    expect(said(bot.fake, '7002')).toEqual(first);
    expect(said(bot.fake, '7001').slice(0, first.length)).toEqual(first);
    expect(said(bot.fake, '7001').filter((t) => t.startsWith('Bạn có thể:'))).toHaveLength(1);
    expect(said(bot.fake, '7001')).toHaveLength(first.length + 1);
  }, 40_000);
});

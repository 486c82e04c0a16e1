import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import type { ChannelFactory } from '../../src/channels';
import { captureLogger, realContent, testConfig } from '../helpers/env';
import { OwnRedis } from '../helpers/redis-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TestEvent {
  id: string;
  user: string;
  n: number;
}

/** A minimal webhook: stores the events in the inbox, then answers 200 (as the real channels do). */
const testWebhook: ChannelFactory = (ctx) => ({
  name: 'test (/webhooks/test)',
  mount: (app: Express) => {
    app.post('/webhooks/test', async (req: Request, res: Response) => {
      const events = (req.body as { events: TestEvent[] }).events;
      const r = await ctx.inbox.accept('test', events.map((e) => ({ eventId: e.id, userId: e.user, event: e })));
      res.status(200).json(r);
    });
  },
});

describe('Redis restarted mid-run', () => {
  let redis: OwnRedis;
  let rt: Runtime;
  const handled: string[] = [];
  let gate: () => void = () => undefined;
  let slowStarted = false;
  const { logger, output } = captureLogger('info');

  beforeAll(async () => {
    redis = await OwnRedis.start();
    rt = await buildRuntime(testConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'bdfault:' }), logger, {
      content: realContent(),
      channels: [testWebhook],
      inbox: { pollMs: 20, leaseMs: 20_000, maxAttempts: 5 },
    });
    rt.inbox.register('test', async (event) => {
      const e = event as TestEvent;
      if (e.id === 'slow') {
        slowStarted = true;
        await new Promise<void>((resolve) => (gate = resolve));
      }
      handled.push(e.id);
    });
  });
  afterAll(async () => {
    await rt?.close();
    await redis?.stop();
  });

  const deliver = (events: TestEvent[]) => request(rt.app).post('/webhooks/test').send({ events });
  const ev = (user: string, n: number, id = `${user}-${n}`): TestEvent => ({ id, user, n });

  it('answers 503 while Redis is down, loses nothing and answers nothing twice once it is back', async () => {
    const before = [ev('lan', 1), ev('lan', 2), ev('minh', 1)];
    expect((await deliver(before)).body).toEqual({ accepted: 3, duplicates: 0 });
    await rt.inbox.drained();
    expect(handled.sort()).toEqual(['lan-1', 'lan-2', 'minh-1']);

    // A turn is running when Redis dies; it finishes during the outage.
    expect((await deliver([ev('hoa', 1, 'slow')])).status).toBe(200);
    for (let i = 0; i < 200 && !slowStarted; i++) await sleep(10);
    expect(slowStarted).toBe(true);
    await redis.kill();
    for (let i = 0; i < 100 && (await request(rt.app).get('/readyz')).status === 200; i++) await sleep(20);

    const ready = await request(rt.app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.find((c: { name: string }) => c.name === 'state')).toMatchObject({ ok: false, reason: expect.stringMatching(/not connected/) });

    const during = [ev('lan', 3), ev('minh', 2)];
    const started = Date.now();
    const refused = await deliver(during);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(1_000);
    gate(); // the slow turn ends while Redis is still away
    await sleep(300);

    await redis.up();
    let readyAgainMs = 0;
    const t0 = Date.now();
    while ((await request(rt.app).get('/readyz')).status !== 200) {
      if (Date.now() - t0 > 15_000) throw new Error('not ready 15 s after Redis came back');
      await sleep(50);
    }
    readyAgainMs = Date.now() - t0;
    process.stdout.write(`redis outage: ready again ${readyAgainMs} ms after redis-server answered\n`);

    // The platform redelivers what got 503, and (as platforms do) some of what got 200.
    const redelivered = await deliver([...during, ...before]);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toEqual({ accepted: 2, duplicates: 3 });
    await rt.inbox.drained(15_000);

    expect(handled.filter((h) => h === 'slow')).toHaveLength(1);
    expect([...handled].sort()).toEqual(['lan-1', 'lan-2', 'lan-3', 'minh-1', 'minh-2', 'slow']);
    expect(handled.indexOf('lan-3')).toBeGreaterThan(handled.indexOf('lan-2'));
    expect(output()).toMatch(/redis: connection lost, reconnecting/);
    expect(output()).toMatch(/redis: connection back/);
    // The slow turn's outcome was recorded once Redis returned, not left to a lease expiry.
    expect(output()).not.toMatch(/could not record the outcome/);
  }, 40_000);
});

import request from 'supertest';
import { ZaloClient } from '../../../src/channels/zalo/client';
import { ZaloRetryableError } from '../../../src/channels/zalo/errors';
import type { Runtime } from '../../../src/compose';
import { createMetrics } from '../../../src/metrics';
import { captureLogger, silentLogger } from '../../helpers/env';
import { FakeZalo } from './fake-zalo';
import { bigId, post, startZalo, textEvent } from './helpers';

async function metric(rt: Runtime, outcome: string, code: string): Promise<number> {
  const text = (await request(rt.app).get('/metrics')).text;
  const m = new RegExp(`bot_outbound_calls_total\\{channel="zalo",outcome="${outcome}",code="${code}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

describe('Zalo OA API failures, through the channel', () => {
  let fake: FakeZalo;
  let rt: Runtime;
  let log: ReturnType<typeof captureLogger>;
  beforeEach(async () => {
    fake = await new FakeZalo().start();
    log = captureLogger('info');
    rt = await startZalo(fake, { logger: log.logger });
  });
  afterEach(async () => {
    await rt.close();
    await fake.close();
  });

  it('-230 (outside the 7-day window) is permanent: logged with its code, counted, not retried, the rest of the turn skipped', async () => {
    fake.sendScript.push({ body: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } });
    await post(rt, textEvent(bigId(), 'xin chào'));
    await rt.inbox.drained();
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.sends).toHaveLength(1); // the welcome met -230; the menu was not attempted
    expect(await metric(rt, 'failed', '-230')).toBe(1);
    expect(await metric(rt, 'skipped', '-230')).toBe(1);
    expect(await metric(rt, 'retried', '-230')).toBe(0);
    expect(log.output()).toMatch(/"code":"-230".*outside what Zalo allows/);
    expect((await rt.stores.inbox.stats()).dead).toBe(0); // handled, not failed
  });

  it('a turn that failed half-way runs again without resending what was delivered', async () => {
    // The welcome goes out; the menu meets three 5xx answers (the client's quick retries), so
    // the turn goes back to the inbox and runs again after its backoff.
    fake.sendScript.push({}, { status: 502, body: {} }, { status: 502, body: {} }, { status: 502, body: {} });
    const user = bigId();
    const msgId = `m${bigId()}`;
    await post(rt, textEvent(user, 'xin chào', msgId));
    await fake.until(() => fake.sends.length >= 5, 8000);
    await rt.inbox.drained(8000);
    const texts = fake.sends.map((s) => s.message.text!);
    expect(texts.filter((t) => t.includes('riêng tư'))).toHaveLength(1); // the welcome, once
    expect(fake.sends).toHaveLength(5); // welcome, 3 failed menu attempts, the menu delivered
    expect(await metric(rt, 'retried', 'http_502')).toBe(2);
    expect(await metric(rt, 'failed', 'http_502')).toBe(1);
  }, 15_000);
});

describe('ZaloClient', () => {
  let fake: FakeZalo;
  beforeEach(async () => {
    fake = await new FakeZalo().start();
  });
  afterEach(() => fake.close());
  const client = (over: Partial<ConstructorParameters<typeof ZaloClient>[0]> = {}) =>
    new ZaloClient({
      apiBase: fake.url,
      timeoutMs: 1000,
      tokens: { accessToken: async () => 'AT1', rejected: async () => 'refused' },
      logger: silentLogger(),
      metrics: createMetrics(),
      backoffMs: 10,
      rateLimitBackoffMs: 20,
      ...over,
    });

  it('backs off on -32 (rate limited) and delivers when the limit clears', async () => {
    fake.sendScript.push({ body: { error: -32, message: 'reached limit call api' } }, { body: { error: -32 } });
    const started = Date.now();
    const out = await client().send({ user_id: '1' }, { text: 'x' }, '1');
    expect(out).toEqual({ ok: true, messageId: 'oa-msg-3' });
    expect(fake.sends).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40); // about 20 + 40 ms
  });

  it('hands a send back (retryable) when -32 does not clear, and on a network failure', async () => {
    for (let i = 0; i < 4; i++) fake.sendScript.push({ body: { error: -32 } });
    await expect(client().send({ user_id: '1' }, { text: 'x' }, '1')).rejects.toBeInstanceOf(ZaloRetryableError);
    expect(fake.sends).toHaveLength(4);
    const down = client({ apiBase: 'http://127.0.0.1:1' });
    await expect(down.send({ user_id: '1' }, { text: 'x' }, '1')).rejects.toMatchObject({ platformCode: 'network' });
  });

  it('times out a send that takes too long, as a retryable failure', async () => {
    fake.sendDelayMs = 500;
    await expect(client({ timeoutMs: 100, transientRetries: 0 }).send({ user_id: '1' }, { text: 'x' }, '1')).rejects.toMatchObject({ platformCode: 'timeout' });
  });

  it('falls back to the user id once if Zalo refuses replies that name a message, and keeps to it', async () => {
    fake.sendScript.push({ body: { error: -201, message: 'recipient is invalid' } });
    const c = client();
    expect((await c.send({ message_id: 'm1' }, { text: 'x' }, 'u1')).ok).toBe(true);
    expect((await c.send({ message_id: 'm2' }, { text: 'y' }, 'u1')).ok).toBe(true);
    expect(fake.sends.map((s) => s.recipient)).toEqual([{ message_id: 'm1' }, { user_id: 'u1' }, { user_id: 'u1' }]);
  });

  it('does not retry -213 (not a follower), -227 (inactive) or -211 (quota)', async () => {
    const c = client();
    for (const code of [-213, -227, -211]) {
      fake.sendScript.push({ body: { error: code } });
      expect(await c.send({ message_id: 'm' }, { text: 'x' }, 'u')).toEqual({ ok: false, code: String(code), undeliverable: true });
    }
    expect(fake.sends).toHaveLength(3);
  });
});

import { classify, GraphApiError, MessengerClient } from '../../../src/channels/messenger/client';
import { SendThrottle } from '../../../src/channels/messenger/send-throttle';
import { createMetrics } from '../../../src/metrics';
import { silentLogger } from '../../helpers/env';
import { PAGE_TOKEN } from './events';
import { FakeGraph } from './fake-graph';

describe('Graph API failures, classified', () => {
  it.each([
    [400, 190, 463, 'token', false],
    [400, 10, 2018278, 'window', false],
    [400, 10, 1893063, 'restricted', false],
    [400, 551, 1545041, 'unavailable', false],
    [403, 200, undefined, 'permission', false],
    [400, 100, 2018001, 'invalid', false],
    [400, 613, undefined, 'rate', true],
    [429, undefined, undefined, 'rate', true],
    [500, 2, undefined, 'transient', true],
    [500, 1200, undefined, 'transient', true],
    [502, undefined, undefined, 'transient', true],
  ])('status %i code %s/%s is %s (retried: %s)', (status, code, subcode, kind, retryable) => {
    const e = classify(status, code === undefined ? undefined : { code, error_subcode: subcode });
    expect(e).toMatchObject({ kind, retryable });
  });
});

describe('the Graph API client', () => {
  let fake: FakeGraph;
  beforeEach(async () => {
    fake = await FakeGraph.start();
  });
  afterEach(async () => fake.close());

  it('gives up on a call that keeps timing out after its last attempt, counting each one', async () => {
    const metrics = createMetrics();
    const client = new MessengerClient({ apiBase: fake.url, pageAccessToken: PAGE_TOKEN, timeoutMs: 100, maxAttempts: 3, baseDelayMs: 10 }, silentLogger(), metrics);
    fake.respond(() => ({ delayMs: 400 }));
    const err = await client.send({ recipient: { id: 'p' }, messaging_type: 'RESPONSE', message: { text: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect((err as GraphApiError).label).toBe('timeout');
    expect(fake.requests).toHaveLength(3);
    const counted = await metrics.registry.getSingleMetricAsString('bot_outbound_calls_total');
    expect(counted).toContain('outcome="retried",code="timeout"} 2');
    expect(counted).toContain('outcome="failed",code="timeout"} 1');
  });

  it('forgets a token problem once a call succeeds again', async () => {
    const client = new MessengerClient({ apiBase: fake.url, pageAccessToken: PAGE_TOKEN }, silentLogger());
    fake.respond((_r, n) => (n === 0 ? { status: 400, body: { error: { code: 190 } } } : undefined));
    await expect(client.checkToken()).rejects.toBeInstanceOf(GraphApiError);
    expect(client.authFailure?.kind).toBe('token');
    await client.checkToken();
    expect(client.authFailure).toBeUndefined();
  });
});

describe('the send throttle', () => {
  it('lets a short burst through and spaces the rest at the rate', async () => {
    const t = new SendThrottle(20);
    const start = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => t.take()));
    // A burst of 4 (a fifth of a second's worth), then 6 more at 20/s: at least 300 ms.
    expect(performance.now() - start).toBeGreaterThanOrEqual(280);
  });
});

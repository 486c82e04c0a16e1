import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { captureLogger, realContent } from '../../helpers/env';
import { batch, ev, sign } from './events';
import { graphError } from './fake-graph';
import { messengerBot, said, WEBHOOK, type MessengerBot } from './harness';

const vi = realContent().locales.vi as Record<string, Record<string, string>>;
const isSend = (path: string) => path.endsWith('/me/messages');
const metric = async (b: MessengerBot) => b.rt.metrics.registry.getSingleMetricAsString('bot_outbound_calls_total');

describe('Messenger: when the Graph API fails', () => {
  let b: MessengerBot | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });

  it('retries a 500 and delivers the reply once', async () => {
    b = await messengerBot();
    let failed = false;
    b.fake.respond((r) => {
      if (!isSend(r.path) || failed) return undefined;
      failed = true;
      return { status: 500, body: graphError(2) };
    });
    await b.post(batch(ev.quickReply('psid-500', 'Cài đặt', 'SETTINGS')));
    await b.settle();
    // The welcome failed once and went again; then the settings.
    expect(b.fake.messages()).toHaveLength(3);
    expect(b.fake.messages()[0]!.status).toBe(500);
    expect(b.fake.messages()[0]!.body).toEqual(b.fake.messages()[1]!.body);
    expect(said(b.fake, 'psid-500')).toHaveLength(2);
    expect(said(b.fake, 'psid-500')[1]).toContain(vi.settings!.title);
    expect(await metric(b)).toContain('bot_outbound_calls_total{channel="messenger",outcome="retried",code="2"} 1');
  });

  it('waits and retries after 429 (Retry-After honoured), delivering once', async () => {
    b = await messengerBot();
    let n = 0;
    b.fake.respond((r) => (isSend(r.path) && n++ < 2 ? { status: 429, body: graphError(613), headers: { 'retry-after': '0' } } : undefined));
    await b.post(batch(ev.text('psid-429', 'menu')));
    await b.settle();
    expect(said(b.fake, 'psid-429')).toHaveLength(2);
    expect(b.fake.messages()).toHaveLength(4);
    expect(await metric(b)).toContain('bot_outbound_calls_total{channel="messenger",outcome="retried",code="613"} 2');
  });

  it.each([
    ['the person is unavailable', 551, 1545041],
    ['the 24-hour window has closed', 10, 2018278],
  ])('does not retry when %s (code %i): one call, logged with its code, counted', async (_what, code, subcode) => {
    const { logger, output } = captureLogger('info');
    b = await messengerBot({}, logger);
    b.fake.respond((r) => (isSend(r.path) ? { status: 400, body: graphError(code, subcode) } : undefined));
    await b.post(batch(ev.text('psid-perm', 'menu')));
    await b.settle();
    await new Promise((r) => setTimeout(r, 300));
    // The welcome failed; nothing else was tried (no error reply, no retry loop), and the event is done.
    expect(b.fake.messages()).toHaveLength(1);
    expect(await b.rt.stores.inbox.stats()).toEqual({ pending: 0, leased: 0, dead: 0 });
    expect(await metric(b)).toContain(`bot_outbound_calls_total{channel="messenger",outcome="failed",code="${code}"} 1`);
    const line = output().split('\n').find((l) => l.includes('Graph API call failed'))!;
    expect(JSON.parse(line)).toMatchObject({ code, subcode, attempt: 1 });
  });

  it('reports a rejected page token on /readyz, without retrying', async () => {
    b = await messengerBot();
    b.fake.respond((r) => (isSend(r.path) || r.path.endsWith('/me') ? { status: 400, body: graphError(190, 463) } : undefined));
    await b.fake.waitFor(() => b!.fake.requests.some((r) => r.path.endsWith('/me')), 2000, 'the startup token check');
    await b.post(batch(ev.text('psid-tok', 'menu')));
    await b.settle();
    expect(b.fake.messages()).toHaveLength(1);
    const ready = await request(b.rt.app).get('/readyz');
    expect(ready.status).toBe(503);
    const check = ready.body.checks.find((c: { name: string }) => c.name === 'messenger');
    expect(check).toMatchObject({ ok: false });
    expect(check.reason).toContain('code 190');
    expect(check.reason).toContain('MESSENGER_PAGE_ACCESS_TOKEN');
  });

  it('runs the turn again later when the API stays down, without repeating what was already delivered', async () => {
    b = await messengerBot();
    let sends = 0;
    // The welcome goes through; the menu after it fails for all four attempts of the first run.
    b.fake.respond((r) => {
      if (!isSend(r.path)) return undefined;
      sends++;
      return sends >= 2 && sends <= 5 ? { status: 503, body: graphError(2) } : undefined;
    });
    await b.post(batch(ev.text('psid-down', 'menu')));
    await b.fake.waitFor(() => b!.fake.delivered().length === 2, 12_000, 'the second run');
    await b.settle();
    const out = said(b.fake, 'psid-down');
    expect(out).toHaveLength(2);
    expect(out[0]).toContain(vi.menu!.welcome!.slice(0, 20));
    expect(out[1]).toContain(vi.menu!.prompt);
    expect(b.fake.messages()).toHaveLength(6);
  }, 20_000);

  it('answers the webhook within 100 ms while the Graph API takes 3 s to reply', async () => {
    b = await messengerBot();
    // A running server has served messages before: one turn first, so the measure is not of
    // the first-ever run of each code path.
    await b.post(batch(ev.text('psid-warm', 'chồng không cho vợ đi làm có sao không')));
    await b.settle();
    b.fake.respond((r) => (isSend(r.path) ? { delayMs: 3000 } : undefined));
    const server: Server = b.rt.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK}`;
    try {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const raw = JSON.stringify(batch(ev.text(`psid-slow-${i % 2}`, 'chồng không cho vợ đi làm có sao không')));
        const start = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
        times.push(performance.now() - start);
        expect(res.status).toBe(200);
      }
      expect(Math.max(...times)).toBeLessThan(100);
      // The replies are still on their way when the webhook has long answered.
      expect(b.fake.delivered().filter((r) => r.body.recipient.id !== 'psid-warm')).toHaveLength(0);
      await b.fake.waitFor(() => said(b!.fake, 'psid-slow-1').length >= 1, 8000, 'the slow replies');
      b.fake.respond(() => undefined);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 20_000);
});

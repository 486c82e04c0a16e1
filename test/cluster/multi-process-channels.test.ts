import { APP_SECRET, batch, ev, PAGE_TOKEN, sign, VERIFY_TOKEN } from '../channels/messenger/events';
import { FakeGraph } from '../channels/messenger/fake-graph';
import { said } from '../channels/messenger/harness';
import { FakeZalo } from '../channels/zalo/fake-zalo';
import { APP_ID, bigId, OA_SECRET, signed, textEvent } from '../channels/zalo/helpers';
import { tempDir } from '../helpers/env';
import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';
import { startServers, type ServerProcess } from '../helpers/server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two real server processes, one Redis, Messenger and Zalo live against local fakes of their
 * APIs: webhooks land on either process, as a load balancer spreads them. Records (the Zalo token
 * pair) are on one SQLite file in a shared DATA_DIR, as two replicas on one host would have them
 * without MongoDB.
 */
describe('two bot processes on one Redis, with real webhooks', () => {
  const prefix = redisTestPrefix('channels');
  let graph: FakeGraph;
  let zalo: FakeZalo;
  let procs: ServerProcess[] = [];

  beforeAll(async () => {
    graph = await FakeGraph.start();
    zalo = await new FakeZalo().start();
    const env = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      DATA_DIR: tempDir(),
      RATE_LIMIT_PER_MINUTE: '1000',
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      MESSENGER_API_BASE: graph.url,
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_ACCESS_TOKEN: 'AT1',
      ZALO_REFRESH_TOKEN: 'RT1',
      ZALO_API_BASE: zalo.url,
      ZALO_OAUTH_BASE: zalo.url,
    };
    procs = await startServers(2, env);
  }, 120_000);
  afterAll(async () => {
    expect(await Promise.all(procs.map((p) => p.stop()))).toEqual(procs.map(() => 0));
    await graph?.close();
    await zalo?.close();
    await cleanupRedis(prefix);
  });

  const postMessenger = (p: ServerProcess, body: object) => {
    const raw = JSON.stringify(body);
    return fetch(`${p.url}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
  };
  const postZalo = (p: ServerProcess, body: Record<string, unknown>) => {
    const s = signed(body);
    return fetch(`${p.url}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': s.signature }, body: s.raw });
  };
  /** Waits until the fake has stopped receiving for a moment. */
  const quiet = async (count: () => number, ms = 600) => {
    for (let last = -1; last !== count(); ) {
      last = count();
      await sleep(ms);
    }
  };

  it('carries a Messenger conversation that hops between the processes', async () => {
    const psid = '24816357900112233';
    expect((await postMessenger(procs[0]!, batch(ev.text(psid, 'đổi ngôn ngữ')))).status).toBe(200);
    await graph.waitFor(() => said(graph, psid).some((t) => t.includes('Bạn muốn đọc bằng ngôn ngữ nào?')), 10_000);
    expect((await postMessenger(procs[1]!, batch(ev.text(psid, '2')))).status).toBe(200);
    await graph.waitFor(() => said(graph, psid).some((t) => t.includes('Switched to English.')), 10_000);
    expect((await postMessenger(procs[0]!, batch(ev.text(psid, 'help')))).status).toBe(200);
    await graph.waitFor(() => said(graph, psid).some((t) => t.includes('You can:')), 10_000);
  }, 40_000);

  it('answers a redelivered webhook once, whichever process each copy reaches, and keeps each resident in order', async () => {
    const residents = Array.from({ length: 8 }, (_, i) => `3141592653589${String(i).padStart(4, '0')}`);
    // Each resident sends two messages; every body is delivered to both processes at once,
    // and once more to the first a little later (Meta retries when it saw no 200 in time).
    const bodies = residents.flatMap((psid) => [batch(ev.text(psid, 'menu')), batch(ev.text(psid, 'help'))]);
    for (let i = 0; i < bodies.length; i += 2) {
      const pair = [bodies[i]!, bodies[i + 1]!];
      const answers = await Promise.all(pair.flatMap((b) => [postMessenger(procs[0]!, b), postMessenger(procs[1]!, b)]));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    }
    await Promise.all(bodies.map((b) => postMessenger(procs[0]!, b)));
    await quiet(() => graph.delivered().length);
    const once = said(graph, residents[0]!);
    for (const psid of residents) {
      const texts = said(graph, psid);
      expect(texts).toEqual(once); // the same replies, each once
      // "menu" was answered before "help".
      expect(texts.findIndex((t) => t.startsWith('Bạn có thể:'))).toBe(texts.length - 1);
    }
    expect(once.filter((t) => t.startsWith('Bạn có thể:'))).toHaveLength(1);
  }, 60_000);

  it('refreshes an expired Zalo token once although both processes meet the expiry together, and answers each redelivered event once', async () => {
    // At start the seeded pair was refreshed once (RT1 -> RT2), by one of the two processes.
    await zalo.until(() => zalo.refreshes.length >= 1, 10_000);
    await sleep(500);
    expect(zalo.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1']);

    zalo.validAccess.clear(); // Zalo expires AT2: every send now gets -216
    const users = Array.from({ length: 6 }, () => ({ id: bigId(), msg: `msg${bigId()}` }));
    const stamp = Date.now();
    // Each event reaches both processes (Zalo redelivers when it saw no 200 within 2 s).
    const answers = await Promise.all(users.flatMap((u) => procs.map((p) => postZalo(p, textEvent(u.id, 'menu', u.msg, stamp)))));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const sendsTo = (u: { id: string; msg: string }) => zalo.sendsTo(u.id, [u.msg]);
    await zalo.until(() => users.every((u) => sendsTo(u).some((s) => s.token === 'AT3')), 15_000);
    await quiet(() => zalo.sends.length);
    // One refresh for the expiry, by whichever process got the lock; the other used its result.
    expect(zalo.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1', 'RT2']);
    // Every message answered once with a valid token (sends refused with AT2 were sent again with AT3).
    const first = sendsTo(users[0]!).filter((s) => s.token === 'AT3').map((s) => s.message);
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first.map((m) => JSON.stringify(m))).size).toBe(first.length); // nothing sent twice
    for (const u of users) expect(sendsTo(u).filter((s) => s.token === 'AT3').map((s) => s.message)).toEqual(first);
  }, 60_000);
});

import { cleanupRedis, REDIS_TEST_URL, redisTestPrefix } from '../helpers/redis';
import { startServers, type ServerProcess } from '../helpers/server-process';

/**
 * Two real server processes on one Redis, each with its own DATA_DIR (so nothing they share can
 * come from a common SQLite file): they must behave as one bot.
 */
describe('two bot processes on one Redis', () => {
  const prefix = redisTestPrefix('multi');
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const env = { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '6' };
    [a, b] = (await startServers(2, env)) as [ServerProcess, ServerProcess];
  }, 120_000);
  afterAll(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    expect(codes).toEqual([0, 0]);
    await cleanupRedis(prefix);
  });

  /** One Bot Framework turn; with expectReplies the replies come back in the response. */
  async function say(server: ServerProcess, user: string, text: string, id: string): Promise<{ texts: string[]; buttons: string[] }> {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id, text, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies',
        from: { id: user }, recipient: { id: 'bot' }, conversation: { id: `conv-${user}` },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text?: string; suggestedActions?: { actions: Array<{ title: string }> } }> };
    return {
      texts: body.activities.map((x) => x.text ?? ''),
      buttons: body.activities.flatMap((x) => x.suggestedActions?.actions.map((act) => act.title) ?? []),
    };
  }

  it('says at startup that it runs in cluster mode and what each store is', () => {
    for (const p of [a, b]) {
      expect(p.output()).toContain('"mode":"cluster"');
      expect(p.output()).toMatch(/"state":"redis redis:\/\/127\.0\.0\.1:6379/);
      expect(p.output()).toMatch(/records .* stay on SQLite/);
    }
  });

  it('carries a conversation that hops between the processes mid-dialog', async () => {
    const first = await say(a, 'lan', 'đổi ngôn ngữ', 'h1');
    expect(first.texts.join('\n')).toContain('Bạn muốn đọc bằng ngôn ngữ nào?');
    expect(first.buttons.slice(0, 2)).toEqual(['Tiếng Việt', 'English']);

    // "2" means the second button offered on the other process: B reads what A stored.
    const second = await say(b, 'lan', '2', 'h2');
    expect(second.texts.join('\n')).toContain('Switched to English.');

    // The language is user state: A now answers in English too.
    const third = await say(a, 'lan', 'help', 'h3');
    expect(third.texts.join('\n')).toContain('You can:');
    const fourth = await say(b, 'lan', 'tiếng việt', 'h4');
    expect(fourth.texts.join('\n')).toContain('Đã chuyển sang tiếng Việt.');
  }, 30_000);

  it('counts one resident’s messages across both processes for the rate limit', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 7; i++) replies.push((await say(i % 2 ? b : a, 'minh', 'menu', `r${i}`)).texts.join('\n'));
    // 6 a minute are answered; the 7th gets the slow-down notice although each process saw only 3 or 4.
    expect(replies.slice(0, 6).every((t) => !t.includes('gửi nhanh quá'))).toBe(true);
    expect(replies[6]).toContain('Bạn đang gửi nhanh quá');
  }, 30_000);
});

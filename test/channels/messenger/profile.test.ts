import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MessengerClient } from '../../../src/channels/messenger/client';
import { applyMessengerProfile, desiredProfile } from '../../../src/channels/messenger/profile';
import { createI18n } from '../../../src/i18n';
import { ensureBuilt } from '../../helpers/build';
import { CONTENT_DIR, realContent, silentLogger, tempDir, TEST_SECRETS } from '../../helpers/env';
import { APP_SECRET, PAGE_TOKEN, VERIFY_TOKEN } from './events';
import { FakeGraph, graphError } from './fake-graph';

const run = promisify(execFile);

describe('Messenger Profile (Get Started, greeting, persistent menu)', () => {
  let fake: FakeGraph;
  let client: MessengerClient;
  const desired = desiredProfile(createI18n(realContent()));
  beforeEach(async () => {
    fake = await FakeGraph.start();
    client = new MessengerClient({ apiBase: fake.url, pageAccessToken: PAGE_TOKEN }, silentLogger());
  });
  afterEach(async () => fake.close());

  it('is built from the content: Vietnamese by default, English for en_US, greetings within 160 characters', () => {
    expect(desired.get_started).toEqual({ payload: 'GET_STARTED' });
    expect(desired.greeting.map((g) => g.locale)).toEqual(['default', 'en_US']);
    for (const g of desired.greeting) {
      expect([...g.text].length).toBeLessThanOrEqual(160);
      expect(g.text).toContain('Hiệp Hòa');
    }
    const vi = desired.persistent_menu.find((m) => m.locale === 'default')!;
    expect(vi.call_to_actions.map((c) => c.payload)).toEqual(['LEARN', 'QUIZ', 'SUPPORT', 'LANG']);
    expect(vi.call_to_actions[0]!.title).toBe('Tìm hiểu quyền');
  });

  it('writes everything once, then nothing when run again (one read each time)', async () => {
    const first = await applyMessengerProfile(client, desired);
    expect(first).toEqual({ changed: ['get_started', 'greeting', 'persistent_menu'], unchanged: [], calls: 2 });
    const post = fake.requests.find((r) => r.method === 'POST')!;
    expect(post).toMatchObject({ path: '/v25.0/me/messenger_profile', token: PAGE_TOKEN });
    expect(post.body).toEqual(desired);
    const second = await applyMessengerProfile(client, desired);
    expect(second).toEqual({ changed: [], unchanged: ['get_started', 'greeting', 'persistent_menu'], calls: 1 });
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('writes only what differs, ignoring defaults Meta adds, and nothing on a dry run', async () => {
    fake.profile = {
      get_started: { payload: 'GET_STARTED' },
      greeting: [...desired.greeting].reverse().map((g, i) => (i === 0 ? { ...g, text: 'Hello!' } : g)),
      persistent_menu: desired.persistent_menu.map((m) => ({
        locale: m.locale,
        call_to_actions: m.call_to_actions.map((c) => ({ ...c, webview_height_ratio: 'full' })),
      })),
    };
    expect(await applyMessengerProfile(client, desired, { dryRun: true })).toMatchObject({ changed: ['greeting'], calls: 1 });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    await applyMessengerProfile(client, desired);
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => Object.keys(r.body))).toEqual([['greeting']]);
  });

  it('`npm run messenger:profile` sets the profile, and says to wait when Meta rate-limits it, without retrying', async () => {
    const main = path.join(path.dirname(ensureBuilt()), 'cli', 'messenger-profile.js');
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATA_DIR: tempDir(),
      CONTENT_DIR,
      ...TEST_SECRETS,
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      MESSENGER_API_BASE: fake.url,
    };
    const ok = await run(process.execPath, [main], { env });
    expect(ok.stdout).toContain('greeting: set');
    expect(ok.stdout).toContain('2 Profile API call(s)');
    fake.respond(() => ({ status: 400, body: graphError(613) }));
    const limited = (await run(process.execPath, [main], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )) as { code: number; stderr: string };
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain('10 calls in 10 minutes');
    expect(fake.requests).toHaveLength(3);
  }, 60_000);
});

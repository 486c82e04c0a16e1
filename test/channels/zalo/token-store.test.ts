import { ZaloTokens, type TokenOptions } from '../../../src/channels/zalo/tokens';
import { Cipher, Pseudonymizer } from '../../../src/privacy/crypto';
import { PrivateStateStore } from '../../../src/stores/private-state-store';
import { createSqliteStores } from '../../../src/stores/sqlite';
import type { Stores } from '../../../src/stores/ports';
import { silentLogger, tempDir, TEST_SECRETS } from '../../helpers/env';
import { FakeZalo } from './fake-zalo';

const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
const cipher = new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex'));
const HOUR = 3600_000;

/** One "process": its own connection to the shared SQLite file, its own ZaloTokens. */
function processOn(dir: string, fake: FakeZalo, clock: { now: number }, options: Partial<TokenOptions> = {}): { tokens: ZaloTokens; stores: Stores } {
  const base = createSqliteStores(dir, { stateTtlMs: HOUR });
  const state = new PrivateStateStore(base.state, pseudonyms, cipher, { conversationTtlMs: HOUR, userTtlMs: HOUR });
  const stores = { ...base, state };
  const tokens = new ZaloTokens({
    records: base.records,
    state,
    cipher,
    pseudonyms,
    oauth: { oauthBase: fake.url, appId: '1', appSecret: fake.appSecret, timeoutMs: 2000 },
    logger: silentLogger(),
    now: () => clock.now,
    options: { pollMs: 10, cacheMs: 0, ...options },
  });
  return { tokens, stores };
}

describe('ZaloTokens on a shared store', () => {
  let fake: FakeZalo;
  const opened: Stores[] = [];
  beforeEach(async () => {
    fake = await new FakeZalo().start();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await fake.close();
  });
  const proc = (dir: string, clock: { now: number }, options?: Partial<TokenOptions>) => {
    const p = processOn(dir, fake, clock, options);
    opened.push(p.stores);
    return p.tokens;
  };

  it('refreshes once when two processes meet a rejected token at the same moment', async () => {
    const dir = tempDir();
    const clock = { now: Date.now() };
    const a = proc(dir, clock);
    const b = proc(dir, clock);
    await a.init({ accessToken: 'AT1', refreshToken: 'RT1' });
    await b.init({ accessToken: 'AT1', refreshToken: 'RT1' });
    expect(fake.refreshes).toHaveLength(1);
    expect(await a.accessToken()).toBe('AT2');
    fake.refreshScript.push({ delayMs: 200 });
    const outcomes = await Promise.all([a.rejected('AT2'), b.rejected('AT2')]);
    expect(outcomes).toEqual(['refreshed', 'refreshed']);
    expect(fake.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1', 'RT2']);
    expect([await a.accessToken(), await b.accessToken()]).toEqual(['AT3', 'AT3']);
  });

  it('refreshes in the background from 80% of the lifetime, and waits for it once the token has expired', async () => {
    const clock = { now: Date.now() };
    const t = proc(tempDir(), clock);
    await t.init({ accessToken: 'AT1', refreshToken: 'RT1' });
    clock.now += 19 * HOUR;
    expect(await t.accessToken()).toBe('AT2'); // not due yet (90000 s * 0.8 = 20 h)
    expect(fake.refreshes).toHaveLength(1);
    clock.now += 2 * HOUR;
    expect(await t.accessToken()).toBe('AT2'); // due: this send goes ahead, the refresh follows
    await fake.until(() => fake.refreshes.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(await t.accessToken()).toBe('AT3');
    clock.now += 26 * HOUR; // past expiry: the send waits for the new token
    expect(await t.accessToken()).toBe('AT4');
  });

  it('keeps the token through a transient OAuth failure and does not hammer the endpoint', async () => {
    const clock = { now: Date.now() };
    const t = proc(tempDir(), clock);
    fake.refreshScript.push({ status: 503, body: {} });
    await t.init({ accessToken: 'AT1', refreshToken: 'RT1' });
    expect(fake.refreshes).toHaveLength(1);
    await expect(t.check()).resolves.toBeUndefined(); // AT1 still works
    for (let i = 0; i < 5; i++) expect(await t.accessToken()).toBe('AT1');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.refreshes).toHaveLength(1); // the next try waits for its backoff (30 s)
    clock.now += 31_000;
    await t.accessToken();
    await fake.until(() => fake.refreshes.length === 2);
  });

  it('does not refresh in a loop when fresh tokens keep being rejected', async () => {
    const clock = { now: Date.now() };
    const t = proc(tempDir(), clock);
    await t.init({ accessToken: 'AT1', refreshToken: 'RT1' });
    let token = await t.accessToken();
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await t.rejected(token));
      token = await t.accessToken();
    }
    expect(fake.refreshes.length).toBe(3); // the burst limit
    expect(outcomes.slice(-2)).toEqual(['transient', 'transient']);
  });
});

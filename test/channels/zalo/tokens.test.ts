import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Runtime } from '../../../src/compose';
import { TOKENS_COLLECTION, TOKENS_ID, type ZaloTokenDoc } from '../../../src/channels/zalo/tokens';
import { captureLogger, tempDir } from '../../helpers/env';
import { FakeZalo } from './fake-zalo';
import { bigId, post, startZalo, textEvent } from './helpers';

async function storedPair(rt: Runtime): Promise<{ doc: ZaloTokenDoc; pair: { accessToken: string; refreshToken?: string }; updatedAt: Date }> {
  const rec = (await rt.stores.records.get<ZaloTokenDoc>(TOKENS_COLLECTION, TOKENS_ID))!;
  return { doc: rec.doc, pair: rt.cipher.openJson(rec.doc.sealed, 'tokens:zalo'), updatedAt: rec.updatedAt };
}

describe('Zalo tokens', () => {
  let fake: FakeZalo;
  const open: Runtime[] = [];
  beforeEach(async () => {
    fake = await new FakeZalo().start();
  });
  afterEach(async () => {
    for (const rt of open.splice(0)) await rt.close();
    await fake.close();
  });
  const start = async (opts: Parameters<typeof startZalo>[1] = {}) => {
    const rt = await startZalo(fake, opts);
    open.push(rt);
    return rt;
  };

  it('refreshes tokens seeded from the environment at once, with the app secret header and a form body', async () => {
    const rt = await start();
    expect(fake.refreshes).toHaveLength(1);
    expect(fake.refreshes[0]!.secretKey).toBe(fake.appSecret);
    expect(fake.refreshes[0]!.form).toEqual({ refresh_token: 'RT1', app_id: expect.any(String), grant_type: 'refresh_token' });
    const { pair, doc } = await storedPair(rt);
    expect(pair).toEqual({ accessToken: 'AT2', refreshToken: 'RT2' });
    expect(doc.accessExpiresAt! - Date.now()).toBeGreaterThan(24 * 3600_000); // expires_in "90000" seconds
    expect((await request(rt.app).get('/readyz')).status).toBe(200);
  });

  it('on -216 (HTTP 200) refreshes, stores the new pair before using it, and sends the message again once', async () => {
    const dataDir = tempDir();
    const rt = await start({ dataDir });
    fake.validAccess.delete('AT2'); // Zalo revoked it
    const user = bigId();
    const msgId = `m${bigId()}`;
    await post(rt, textEvent(user, 'menu', msgId));
    await rt.inbox.drained();
    expect(fake.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1', 'RT2']);
    // The welcome went out with AT2, met -216, and was sent once more with AT3; the menu followed.
    expect(fake.sends.map((s) => s.token)).toEqual(['AT2', 'AT3', 'AT3']);
    expect(fake.sends[1]!.message).toEqual(fake.sends[0]!.message);
    const { pair, updatedAt } = await storedPair(rt);
    expect(pair).toEqual({ accessToken: 'AT3', refreshToken: 'RT3' });
    expect(updatedAt.getTime()).toBeLessThanOrEqual(fake.sends[1]!.at);
    // Sealed at rest: the database file never holds a token in clear.
    await rt.close();
    open.splice(0);
    const bytes = Buffer.concat(fs.readdirSync(dataDir).map((f) => fs.readFileSync(path.join(dataDir, f))));
    for (const secret of ['AT1', 'RT1', 'AT2', 'RT2', 'AT3', 'RT3', fake.appSecret]) expect(bytes.includes(Buffer.from(`"${secret}"`))).toBe(false);
  });

  it('after a restart uses the persisted token, not the environment one (the environment seeds once)', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    fake.validAccess.delete('AT2');
    await post(first, textEvent(bigId(), 'menu'));
    await first.inbox.drained();
    await first.close();
    open.splice(0);
    const refreshesBefore = fake.refreshes.length;
    const second = await start({ dataDir }); // same ZALO_ACCESS_TOKEN=AT1 / ZALO_REFRESH_TOKEN=RT1 as before
    const user = bigId();
    await post(second, textEvent(user, 'menu'));
    await second.inbox.drained();
    expect(fake.refreshes.length).toBe(refreshesBefore); // RT1 is spent: using it would have failed
    expect(fake.sends.slice(-2).map((s) => s.token)).toEqual(['AT3', 'AT3']);
    expect((await request(second.app).get('/readyz')).status).toBe(200);
  });

  it('takes new tokens an admin puts in the environment over the stored ones', async () => {
    const dataDir = tempDir();
    await start({ dataDir });
    await open.pop()!.close();
    fake.validRefresh.add('RT-new');
    const rt = await start({ dataDir, env: { ZALO_ACCESS_TOKEN: 'AT-new', ZALO_REFRESH_TOKEN: 'RT-new' } });
    expect(fake.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1', 'RT-new']);
    expect((await storedPair(rt)).pair.accessToken).toBe('AT3');
  });

  it('two processes on one store refresh once: one holds the lock, the other waits and takes the result', async () => {
    const dataDir = tempDir();
    const a = await start({ dataDir });
    const b = await start({ dataDir });
    expect(fake.refreshes).toHaveLength(1); // b found a.startup's pair in the store
    fake.validAccess.delete('AT2');
    fake.refreshScript.push({ delayMs: 300 }); // a slow OAuth answer, so both meet -216 meanwhile
    const [u1, u2] = [bigId(), bigId()];
    await Promise.all([post(a, textEvent(u1, 'menu')), post(b, textEvent(u2, 'menu'))]);
    await Promise.all([a.inbox.drained(), b.inbox.drained()]);
    expect(fake.refreshes.map((r) => r.form.refresh_token)).toEqual(['RT1', 'RT2']);
    const delivered = fake.sends.filter((s) => s.token === 'AT3');
    expect(delivered).toHaveLength(4); // welcome and menu for each resident
    expect(fake.sends.filter((s) => s.token === 'AT2').length).toBeGreaterThanOrEqual(2);
    for (const rt of [a, b]) expect((await request(rt.app).get('/readyz')).status).toBe(200);
  });

  it('when Zalo refuses the refresh token: says what an admin must do, reports not ready, and does not try again', async () => {
    fake.validRefresh.clear(); // RT1 is dead
    fake.validAccess.clear(); // and so is AT1
    const log = captureLogger('info');
    const rt = await start({ logger: log.logger, maxAttempts: 1 });
    expect(fake.refreshes).toHaveLength(1);
    const ready = await request(rt.app).get('/readyz');
    expect(ready.status).toBe(503);
    const check = (ready.body.checks as Array<{ name: string; ok: boolean; reason?: string }>).find((c) => c.name === 'zalo')!;
    expect(check.ok).toBe(false);
    expect(check.reason).toMatch(/refused the token refresh \(-14014\): an OA admin must grant access again/);
    expect(log.output()).toContain('An OA admin must grant the app access again');
    expect(log.output()).toContain('ZALO_REFRESH_TOKEN');
    for (let i = 0; i < 3; i++) {
      await post(rt, textEvent(bigId(), 'chồng tôi đánh tôi'));
      await rt.inbox.drained();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.refreshes).toHaveLength(1); // no loop
    expect(fake.sends).toHaveLength(1); // one -216, then nothing more is tried with a dead token
    expect(log.output()).not.toContain('đánh');
  });

  it('a restart tries a refused token once more (the admin may have fixed the app secret)', async () => {
    const dataDir = tempDir();
    const wrong = await start({ dataDir, env: { ZALO_APP_SECRET: 'a-mistyped-secret' } });
    expect(fake.refreshes).toHaveLength(1);
    expect((await request(wrong.app).get('/readyz')).status).toBe(503);
    await open.pop()!.close();
    fake.validAccess.delete('AT1');
    const rt = await start({ dataDir }); // the admin corrected ZALO_APP_SECRET and restarted
    await post(rt, textEvent(bigId(), 'menu'));
    await rt.inbox.drained();
    expect(fake.refreshes).toHaveLength(2);
    expect(fake.sends.at(-1)!.token).toBe('AT2');
    expect((await request(rt.app).get('/readyz')).status).toBe(200);
  });
});

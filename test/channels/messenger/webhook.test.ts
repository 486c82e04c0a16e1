import request from 'supertest';
import { verifyMessengerSignature } from '../../../src/channels/messenger/webhook';
import { APP_SECRET, batch, ev, sign, VERIFY_TOKEN } from './events';
import { messengerBot, said, WEBHOOK, type MessengerBot } from './harness';

describe('Messenger webhook signature', () => {
  it("matches Meta's test vector and refuses anything else", () => {
    // channels.md B1: key APP_SECRET_TEST, body {"object":"page","entry":[]}.
    const raw = Buffer.from('{"object":"page","entry":[]}');
    const good = 'sha256=eaa8f0362826ee9ec6b655952aa5a39bb4ad2e1e792b60d6bcf26762ea345c13';
    expect(verifyMessengerSignature(raw, good, 'APP_SECRET_TEST')).toBe(true);
    expect(verifyMessengerSignature(raw, good.toUpperCase().replace('SHA256', 'sha256'), 'APP_SECRET_TEST')).toBe(true);
    expect(verifyMessengerSignature(raw, good, 'another secret')).toBe(false);
    expect(verifyMessengerSignature(Buffer.from('{"object":"page","entry":[ ]}'), good, 'APP_SECRET_TEST')).toBe(false);
    expect(verifyMessengerSignature(raw, good.replace('sha256=', 'sha1='), 'APP_SECRET_TEST')).toBe(false);
    expect(verifyMessengerSignature(raw, 'sha256=abc', 'APP_SECRET_TEST')).toBe(false);
    expect(verifyMessengerSignature(raw, undefined, 'APP_SECRET_TEST')).toBe(false);
    expect(verifyMessengerSignature(undefined, good, 'APP_SECRET_TEST')).toBe(false);
  });
});

describe('Messenger webhook over HTTP', () => {
  let b: MessengerBot;
  beforeEach(async () => {
    b = await messengerBot({ BODY_LIMIT_KB: '8' });
  });
  afterEach(async () => b.close());

  const nothingSent = async () => {
    await b.settle();
    await new Promise((r) => setTimeout(r, 100));
    expect(b.fake.messages()).toHaveLength(0);
    expect(await b.rt.stores.inbox.stats()).toEqual({ pending: 0, leased: 0, dead: 0 });
  };

  it("answers Meta's subscription check with the challenge, and 403 to a wrong token or mode", async () => {
    const ok = await request(b.rt.app).get(WEBHOOK).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const wrong = await request(b.rt.app).get(WEBHOOK).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' });
    expect(wrong.status).toBe(403);
    const mode = await request(b.rt.app).get(WEBHOOK).query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' });
    expect(mode.status).toBe(403);
    expect((await request(b.rt.app).get(WEBHOOK)).status).toBe(403);
  });

  it('refuses a forged, missing or stale signature with 401 and sends nothing', async () => {
    const body = batch(ev.text('psid-forged', 'menu'));
    const raw = JSON.stringify(body);
    expect((await b.post(raw, sign(raw, 'not-the-app-secret'))).status).toBe(401);
    expect((await b.post(raw, null)).status).toBe(401);
    expect((await b.post(raw, sign(raw.replace('menu', 'help')))).status).toBe(401);
    expect((await b.post(raw, 'sha1=' + sign(raw).slice(7, 47))).status).toBe(401);
    await nothingSent();
  });

  it('checks the signature on the bytes as sent: escaped Vietnamese verifies, a re-serialised body would not', async () => {
    // Meta signs the payload with non-ASCII characters escaped (\u1ed3…), channels.md B1.
    const raw = JSON.stringify(batch(ev.text('psid-esc', 'chồng không cho vợ đi làm có sao không'))).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(raw).toContain('\\u1ed3');
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(verifyMessengerSignature(Buffer.from(reserialised), sign(raw), APP_SECRET)).toBe(false);
    expect((await b.post(raw, sign(raw))).status).toBe(200);
    await b.settle();
    expect(said(b.fake, 'psid-esc')[1]).toContain(b.rt.content.article('vi', 'ge-family-husband-forbids-work')!.title);
  });

  it('answers 400 to a signed body that is not JSON, and 401 to an unsigned one', async () => {
    const raw = '{"object":"page","entry":[{"messaging":[';
    const signed = await b.post(raw, sign(raw));
    expect(signed.status).toBe(400);
    expect(signed.body).toEqual({ error: 'malformed_json' });
    expect((await b.post(raw, sign(raw, 'wrong'))).status).toBe(401);
    await nothingSent();
  });

  it('answers 400 to signed JSON that is not an event batch', async () => {
    for (const body of [{ object: 'page' }, { object: 'page', entry: 'x' }, [1, 2], { entry: [] }]) {
      const res = await b.post(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'malformed_event' });
    }
    await nothingSent();
  });

  it('answers 413 to a body over the limit, before reading it', async () => {
    const raw = JSON.stringify(batch(ev.text('psid-big', 'x'.repeat(20_000))));
    const res = await b.post(raw);
    expect(res.status).toBe(413);
    await nothingSent();
  });

  it("acknowledges other objects (not a Page's) and an empty batch with 200", async () => {
    expect((await b.post({ object: 'instagram', entry: [{ id: '1', time: 1, messaging: [ev.text('psid-ig', 'hi')] }] })).status).toBe(200);
    expect((await b.post({ object: 'page', entry: [] })).status).toBe(200);
    expect((await b.post({ object: 'page', entry: [{ id: '1', time: 1, messaging: [{ nonsense: true }, 'x'] }] })).status).toBe(200);
    await nothingSent();
  });

  it('does not answer events that arrive on standby (another app owns the thread)', async () => {
    const res = await b.post({ object: 'page', entry: [{ id: '1', time: 1, standby: [ev.text('psid-sb', 'menu')] }] });
    expect(res.status).toBe(200);
    await nothingSent();
  });
});

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import type { Runtime } from '../../../src/compose';
import { PrivateStateStore } from '../../../src/stores/private-state-store';
import { SQLITE_FILE } from '../../../src/stores/sqlite';
import { captureLogger, realContent, tempDir } from '../../helpers/env';
import { FakeZalo } from './fake-zalo';
import { bigId, buttons, event, OA_ID, post, signed, startZalo, textEvent, texts } from './helpers';

const vi = realContent().locales.vi as Record<string, Record<string, string>>;
const t = (key: string) => {
  const [ns, k] = key.split('.') as [string, string];
  return vi[ns]![k]!;
};

describe('Zalo channel: webhook to OA API', () => {
  let fake: FakeZalo;
  let rt: Runtime;
  let dataDir: string;

  beforeEach(async () => {
    fake = await new FakeZalo().start();
    dataDir = tempDir();
    rt = await startZalo(fake, { dataDir });
  });
  afterEach(async () => {
    await rt.close();
    await fake.close();
  });

  it('answers a text message: welcome and menu, as replies naming the message, with the current token', async () => {
    const user = bigId();
    const msgId = `m${bigId()}`;
    const res = await post(rt, textEvent(user, 'xin chào', msgId));
    expect(res.status).toBe(200);
    await rt.inbox.drained();
    const out = fake.sendsTo(user, [msgId]);
    expect(out).toHaveLength(2);
    expect(out[0]!.message.text).toContain(t('menu.privacy'));
    expect(out[1]!.message.text).toBe(t('menu.prompt'));
    // Replies name the resident's message (Zalo counts them as replies, not paid proactive sends).
    expect(out.every((s) => s.recipient.message_id === msgId)).toBe(true);
    expect(out.every((s) => s.token === 'AT2')).toBe(true); // the seeded pair was refreshed at start
    expect(buttons(out[1]).map((b) => b.title)).toEqual([t('menu.learn'), t('menu.quiz'), t('menu.support'), t('menu.settings')]);
    // The payload is the title: Zalo shows it in the chat as the resident's own words. Except the
    // way into the support path: hidden, so "Tìm hỗ trợ" never shows as something they said.
    expect(buttons(out[1]).map((b) => [b.type, b.payload])).toEqual([
      ['oa.query.show', t('menu.learn')],
      ['oa.query.show', t('menu.quiz')],
      ['oa.query.hide', 'SUPPORT'],
      ['oa.query.show', t('menu.settings')],
    ]);
  });

  it('maps a tapped button (its title sent back as text) to the payload it stands for', async () => {
    const user = bigId();
    await post(rt, textEvent(user, 'menu'));
    await rt.inbox.drained();
    const before = fake.sends.length;
    const tap = `m${bigId()}`;
    await post(rt, textEvent(user, t('menu.learn'), tap));
    await rt.inbox.drained();
    const reply = fake.sends.slice(before);
    expect(reply).toHaveLength(1);
    expect(reply[0]!.message.text).toBe(t('knowledge.chooseGroup'));
    const groups = realContent().groups.map((g) => g.title.vi);
    expect(buttons(reply[0]).map((b) => b.title)).toEqual([...groups, t('common.menu')]);
  });

  it('welcomes a new follower (as Get Started) and shows the menu on "chat now"', async () => {
    const user = bigId();
    expect((await post(rt, event('follow', user))).status).toBe(200);
    await rt.inbox.drained();
    const welcome = fake.sendsTo(user);
    expect(texts(welcome)).toEqual([`${t('menu.welcome').replace('{{area}}', realContent().area.name.vi)}\n\n${t('menu.privacy')}`, t('menu.prompt')]);
    expect(welcome.every((s) => s.recipient.user_id === user)).toBe(true); // no message to name
    await post(rt, event('user_click_chatnow', user));
    await rt.inbox.drained();
    expect(texts(fake.sendsTo(user).slice(2))).toEqual([t('menu.prompt')]);
  });

  it('keeps a 19-digit id exact even when Zalo sends it as a JSON number', async () => {
    const user = '9876543210987654321'; // JSON.parse would make it 9876543210987654000
    const raw = `{"oa_id":"${OA_ID}","follower":{"id":${user}},"event_name":"follow","app_id":"1","timestamp":"${Date.now()}"}`;
    const res = await request(rt.app).post('/webhooks/zalo').set('content-type', 'application/json').set('x-zevent-signature', signed(raw).signature).send(raw);
    expect(res.status).toBe(200);
    await rt.inbox.drained();
    expect(fake.sends.map((s) => s.recipient.user_id)).toEqual([user, user]);
  });

  it('forgets everything about a resident who unfollows, and sends nothing', async () => {
    const user = bigId();
    await post(rt, textEvent(user, 'English'));
    await post(rt, textEvent(user, `ARTICLE:${realContent().articles.vi[0]!.id}:1`)); // counted in reach
    await post(rt, textEvent(user, 'menu'));
    await rt.inbox.drained();
    const reached = async () => (await rt.stores.reach.report({ from: '2000-01-01', to: '2100-12-31', kinds: ['knowledge'] })).total.people;
    expect(await reached()).toBe(1);
    const state = rt.stores.state as PrivateStateStore;
    const keys = [`zalo/users/${user}/`, `zalo/conversations/${user}/`, `zalo/contact/${user}`, `zalo/buttons/${user}`].map((k) => state.backendKey(k));
    const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
    const stored = () => db.prepare(`SELECT COUNT(*) AS n FROM state WHERE key IN (${keys.map(() => '?').join(',')})`).get(...keys) as { n: number };
    expect(stored().n).toBe(4);
    const sent = fake.sends.length;
    expect((await post(rt, event('unfollow', user))).status).toBe(200);
    await rt.inbox.drained();
    expect(stored().n).toBe(0);
    expect(await reached()).toBe(0); // every feature's forget ran, the reach statistics' too
    db.close();
    expect(fake.sends.length).toBe(sent);
    // Following again is a fresh start: Vietnamese, welcomed again.
    await post(rt, event('follow', user));
    await rt.inbox.drained();
    expect(fake.sendsTo(user).slice(-2)[0]!.message.text).toContain(t('menu.privacy'));
  });

  it.each(['user_send_sticker', 'user_send_image', 'user_send_location', 'user_send_audio', 'user_send_file', 'user_send_gif'])(
    'answers %s with "I read text only" and the menu',
    async (name) => {
      const user = bigId();
      const attachment = name === 'user_send_location'
        ? { type: 'location', payload: { coordinates: { latitude: '21.1', longitude: '106.1' } } }
        : { type: name.slice(10), payload: { url: 'https://example.invalid/x', id: '123' } };
      const msgId = `m${bigId()}`;
      await post(rt, event(name, user, { message: { msg_id: msgId, attachments: [attachment] } }));
      await rt.inbox.drained();
      const out = fake.sendsTo(user, [msgId]);
      expect(texts(out)).toEqual([t('common.textOnly')]);
      expect(buttons(out[0]).map((b) => b.title)).toEqual([t('menu.learn'), t('menu.quiz'), t('menu.support'), t('menu.settings')]);
    },
  );

  it('answers a redelivered event once', async () => {
    const user = bigId();
    const body = textEvent(user, 'menu', `m${bigId()}`);
    expect((await post(rt, body)).body).toEqual({ status: 'ok' });
    expect((await post(rt, body)).body).toEqual({ status: 'duplicate' });
    await rt.inbox.drained();
    expect((await post(rt, body)).status).toBe(200);
    await rt.inbox.drained();
    expect(fake.sends).toHaveLength(2); // welcome + menu, once
  });

  it('refuses a forged signature with 401 and sends nothing', async () => {
    const user = bigId();
    const body = textEvent(user, 'menu');
    const wrongKey = `mac=${'0'.repeat(64)}`;
    expect((await post(rt, body, wrongKey)).status).toBe(401);
    const noHeader = await request(rt.app).post('/webhooks/zalo').set('content-type', 'application/json').send(signed(body).raw);
    expect(noHeader.status).toBe(401);
    // A valid signature for other bytes: the Vietnamese text was re-encoded on the way.
    const tampered = signed(body).raw.replace('menu', 'MENU');
    expect((await post(rt, tampered, signed(body).signature)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    await rt.inbox.drained();
    expect(fake.sends).toHaveLength(0);
  });

  it('answers a malformed body with 400: not JSON, no timestamp, or a known event with the wrong shape', async () => {
    const notJson = await request(rt.app).post('/webhooks/zalo').set('content-type', 'application/json').send('{"event_name": "user_send_text", ');
    expect(notJson.status).toBe(400);
    const noTs = { event_name: 'user_send_text', sender: { id: '1' } };
    expect((await post(rt, noTs)).status).toBe(400);
    const badShape = { event_name: 'user_send_text', sender: { id: bigId() }, timestamp: String(Date.now()) }; // no message
    const res = await post(rt, badShape);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'malformed_event', field: 'message: invalid_type' });
    // Two texts under one signature: JSON.parse would keep the last, another reader the first.
    const twoTexts = signed(textEvent(bigId(), 'menu')).raw.replace('"text":"menu"', '"text":"menu","text":"HELP"');
    expect((await post(rt, twoTexts)).body).toEqual({ error: 'malformed_json' });
    await rt.inbox.drained();
    expect(fake.sends).toHaveLength(0);
  });

  it('acknowledges echoes, receipts, unknown and replayed old events with 200 and acts on none', async () => {
    const user = bigId();
    const bodies = [
      { ...event('oa_send_text', OA_ID), recipient: { id: user }, message: { text: 'echo', msg_id: 'e1' } },
      { ...event('user_seen_message', OA_ID), recipient: { id: user }, message: { msg_ids: ['e1'] } },
      { ...event('user_received_message', OA_ID), recipient: { id: user }, message: { msg_id: 'e1' } },
      event('user_submit_info', user, { info: { name: 'x' } }),
      textEvent(user, 'menu', `m${bigId()}`, Date.now() - 2 * 86_400_000),
    ];
    for (const b of bodies) {
      const res = await post(rt, b);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ignored');
    }
    await rt.inbox.drained();
    expect(fake.sends).toHaveLength(0);
  });

  it('answers the webhook within 100 ms while the OA API takes 3 s', async () => {
    const server = rt.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
    const timedPost = async (body: Record<string, unknown>) => {
      const s = signed(body);
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': s.signature }, body: s.raw });
      await res.text();
      return { status: res.status, ms: performance.now() - started };
    };
    try {
      // A first conversation warms the connection and the code paths.
      await timedPost(textEvent(bigId(), 'menu'));
      await rt.inbox.drained();
      const warm = fake.sends.length;
      fake.sendDelayMs = 3000;
      const first = await timedPost(textEvent(bigId(), 'menu'));
      await fake.until(() => fake.sends.length >= warm + 1, 2000); // its reply now hangs on the slow API
      const second = await timedPost(textEvent(bigId(), 'menu'));
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.ms).toBeLessThan(100);
      expect(second.ms).toBeLessThan(100);
      await rt.inbox.drained(15_000);
      expect(fake.sends).toHaveLength(warm + 4); // both residents answered in the end
    } finally {
      server.close();
      server.closeAllConnections();
    }
  }, 20_000);

  it('offers seven choices as a numbered list that the resident answers by number', async () => {
    const user = bigId();
    await post(rt, textEvent(user, 'menu'));
    await rt.inbox.drained();
    await post(rt, textEvent(user, t('menu.learn')));
    await rt.inbox.drained();
    const violence = realContent().groups.find((g) => g.id === 'violence')!;
    await post(rt, textEvent(user, violence.title.vi));
    await rt.inbox.drained();
    const list = fake.sends.at(-1)!;
    const titles = violence.topics.map((id) => realContent().topics.get(id)!.title.vi);
    expect(titles.length + 2).toBe(7); // five topics, back, menu
    const lines = titles.map((title, i) => `${i + 1}. ${title}`);
    expect(list.message.text).toContain(`${lines.join('\n')}\n\n${vi.zalo!.typeNumber}`);
    // The way back and the menu stay one tap away.
    expect(buttons(list).map((b) => b.title)).toEqual([t('common.back'), t('common.menu')]);
    await post(rt, textEvent(user, '3'));
    await rt.inbox.drained();
    const topic = realContent().topics.get(violence.topics[2]!)!;
    expect(fake.sends.at(-1)!.message.text).toContain(topic.title.vi);
  });
});

describe('Zalo channel: the confidential support path', () => {
  it('sends its buttons hidden, emergency numbers in the text, long choices by number with the quick exit one tap away', async () => {
    const fake = await new FakeZalo().start();
    const rt = await startZalo(fake);
    const sp = vi.support as unknown as Record<string, string> & { danger: Record<string, string>; choices: Record<string, string> };
    const say = async (text: string) => {
      const before = fake.sends.length;
      await post(rt, textEvent(user, text));
      await rt.inbox.drained();
      return fake.sends.slice(before);
    };
    const user = bigId();
    try {
      await post(rt, event('follow', user));
      await rt.inbox.drained();
      // A hidden button sends its payload as text, shown nowhere in the chat.
      const danger = await say('SUPPORT');
      expect(danger.at(-1)!.message.text).toContain(sp.danger.ask!.split('\n')[0]);
      expect(buttons(danger.at(-1)).map((b) => [b.type, b.payload])).toEqual([
        ['oa.query.hide', 'SP:dy'],
        ['oa.query.hide', 'SP:dn'],
        ['oa.query.hide', 'SP:x'],
      ]);
      const inDanger = await say('SP:dy');
      const card = inDanger.find((m) => m.message.text?.startsWith(sp.danger.call!))!;
      // Short codes get no dial button (what Zalo dials for "113" is unconfirmed): the numbers
      // are in the text, where the phone offers to call them.
      expect(card.message.text).toMatch(/113[\s\S]*115/);
      expect(inDanger.flatMap((m) => buttons(m)).filter((b) => b.type === 'oa.open.phone')).toEqual([]);
      const menu = await say('SP:m');
      const list = menu.at(-1)!;
      expect(list.message.text).toContain(sp.choices.prompt);
      expect(list.message.text!.match(/^1\. /gm)).toHaveLength(1); // the path's own list, not a second one
      expect(buttons(list).map((b) => b.payload)).toEqual(['SP:e', 'SP:x']);
      const services = await say('2');
      expect(services.length).toBeGreaterThan(0);
      expect(services.some((m) => buttons(m).some((b) => b.payload === 'SP:x'))).toBe(true);
      const exit = await say('SP:x');
      expect(exit.at(-1)!.message.text).toContain(sp.exitLine);
    } finally {
      await rt.close();
      await fake.close();
    }
  });
});

describe('Zalo channel: per-resident rate limit', () => {
  it('answers a resident who floods once with "slow down", then drops their messages for the minute; others are served', async () => {
    const fake = await new FakeZalo().start();
    const rt = await startZalo(fake, { env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const [flooder, other] = [bigId(), bigId()];
      const ids = Array.from({ length: 6 }, () => `m${bigId()}`);
      for (const id of ids) await post(rt, textEvent(flooder, 'menu', id));
      const otherMsg = `m${bigId()}`;
      await post(rt, textEvent(other, 'menu', otherMsg));
      await rt.inbox.drained();
      const toFlooder = fake.sendsTo(flooder, ids);
      expect(texts(toFlooder).filter((x) => x === t('common.rateLimited'))).toHaveLength(1);
      expect(toFlooder).toHaveLength(2 + 1 + 1 + 1); // welcome + menu, menu, menu, slow down
      expect(fake.sendsTo(other, [otherMsg])).toHaveLength(2); // welcome + menu
    } finally {
      await rt.close();
      await fake.close();
    }
  });
});

describe('Zalo channel: privacy', () => {
  it("never writes a resident's words or Zalo id to the log or, in clear, to the database", async () => {
    const fake = await new FakeZalo().start();
    const log = captureLogger('trace');
    const dataDir = tempDir();
    const rt = await startZalo(fake, { dataDir, logger: log.logger });
    const user = bigId();
    const words = 'chồng tôi hay đánh tôi khi say rượu';
    try {
      await post(rt, event('follow', user));
      await post(rt, textEvent(user, words));
      await post(rt, event('user_send_sticker', user, { message: { msg_id: `m${bigId()}` } }));
      await rt.inbox.drained();
      expect(fake.sendsTo(user).length).toBeGreaterThan(0);
    } finally {
      await rt.close();
      await fake.close();
    }
    expect(log.output()).not.toContain(user);
    expect(log.output()).not.toContain('say rượu');
    const bytes = Buffer.concat(fs.readdirSync(dataDir).map((f) => fs.readFileSync(path.join(dataDir, f))));
    expect(bytes.includes(Buffer.from(user))).toBe(false);
    expect(bytes.includes(Buffer.from('say rượu'))).toBe(false);
  });
});

describe('Zalo channel: long answers', () => {
  it("splits a long answer into messages within Zalo's 2,000 characters, at sentence ends, buttons on the last", async () => {
    const fake = await new FakeZalo().start();
    const content = realContent();
    const sentence = 'Mỗi người đều có quyền được sống an toàn trong gia đình của mình. ';
    const long = sentence.repeat(70).trim(); // about 4,600 characters
    const locales = { ...content.locales, vi: { ...content.locales.vi, menu: { ...content.locales.vi.menu, prompt: long } } };
    const rt = await startZalo(fake, { content: { ...content, locales } });
    try {
      const user = bigId();
      await post(rt, textEvent(user, 'menu'));
      await rt.inbox.drained();
      const parts = fake.sends.slice(1); // after the welcome
      expect(parts.length).toBe(3);
      for (const p of parts) {
        expect(p.message.text!.length).toBeLessThanOrEqual(2000);
        expect(p.message.text!.endsWith('mình.')).toBe(true);
      }
      expect(parts.map((p) => p.message.text).join(' ')).toBe(long);
      expect(buttons(parts[0])).toHaveLength(0);
      expect(buttons(parts[2])).toHaveLength(4);
    } finally {
      await rt.close();
      await fake.close();
    }
  });
});

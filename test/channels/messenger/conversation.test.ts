import { createHmac } from 'node:crypto';
import { captureLogger, realContent } from '../../helpers/env';
import { APP_SECRET, batch, entries, ev, PAGE_TOKEN } from './events';
import { lastPayloads, messengerBot, said, type MessengerBot } from './harness';

const vi = realContent().locales.vi as Record<string, Record<string, string>>;
const MENU = ['LEARN', 'QUIZ', 'SUPPORT', 'SETTINGS'];
const welcomeStart = vi.menu!.welcome!.slice(0, 20);

describe('Messenger: residents talking to the Page', () => {
  let b: MessengerBot;
  beforeEach(async () => {
    b = await messengerBot();
  });
  afterEach(async () => b.close());

  it('answers a question with its article, sent to the resident with the page token as a RESPONSE', async () => {
    const res = await b.post(batch(ev.text('psid-q', 'chồng không cho vợ đi làm có sao không')));
    expect(res.status).toBe(200);
    expect(res.text).toBe('EVENT_RECEIVED');
    await b.settle();
    const out = said(b.fake, 'psid-q');
    expect(out[0]).toContain(welcomeStart);
    expect(out[1]).toContain(b.rt.content.article('vi', 'ge-family-husband-forbids-work')!.title);
    const proof = createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex');
    for (const r of b.fake.messages()) {
      expect(r).toMatchObject({ method: 'POST', path: '/v25.0/me/messages', token: PAGE_TOKEN, query: { appsecret_proof: proof } });
      expect(r.body).toMatchObject({ recipient: { id: 'psid-q' }, messaging_type: 'RESPONSE' });
    }
  });

  it('greets once on Get Started, with the privacy note, then shows the menu as quick replies', async () => {
    await b.post(batch(ev.postback('psid-gs', 'GET_STARTED', 'Get Started')));
    await b.settle();
    const first = said(b.fake, 'psid-gs');
    expect(first).toHaveLength(2);
    expect(first[0]).toContain(vi.menu!.privacy!.slice(0, 20));
    expect(first[1]).toContain(vi.menu!.prompt);
    expect(lastPayloads(b.fake, 'psid-gs')).toEqual(MENU);
    await b.post(batch(ev.postback('psid-gs', 'GET_STARTED', 'Get Started')));
    await b.settle();
    expect(said(b.fake, 'psid-gs').slice(2)).toEqual([first[1]]);
  });

  it('acts on the payload of a tapped quick reply, whatever its title says', async () => {
    await b.post(batch(ev.quickReply('psid-qr', 'Tìm hiểu…', 'LEARN')));
    await b.settle();
    const groups = b.rt.content.groups.map((g) => `GROUP:${g.id}`);
    expect(lastPayloads(b.fake, 'psid-qr')).toEqual([...groups, 'MENU']);
  });

  it('opens what a postback button names', async () => {
    await b.post(batch(ev.postback('psid-pb', 'TOPIC:dv-basics', 'Bạo lực gia đình là gì')));
    await b.settle();
    const topic = b.rt.content.topics.get('dv-basics')!.title.vi;
    expect(said(b.fake, 'psid-pb').at(-1)).toContain(topic);
    expect(lastPayloads(b.fake, 'psid-pb')[0]).toMatch(/^ARTICLE:/);
  });

  it("opens a poster's m.me link at its topic, on an open thread (referral) and on a new one (Get Started with a ref)", async () => {
    const topic = b.rt.content.topics.get('dv-help')!.title.vi;
    await b.post(batch(ev.referral('psid-ref', 'TOPIC=dv-help')));
    await b.post(batch(ev.postback('psid-new', 'GET_STARTED', 'Get Started', 'TOPIC=dv-help')));
    await b.post(batch(ev.referral('psid-ad', 'poster_hiephoa_01')));
    await b.settle();
    for (const psid of ['psid-ref', 'psid-new']) {
      const out = said(b.fake, psid);
      expect(out[0]).toContain(welcomeStart);
      expect(out[1]).toContain(topic);
    }
    // A ref that names nothing the bot knows (an ad campaign's tag) opens the menu.
    expect(said(b.fake, 'psid-ad').at(-1)).toContain(vi.menu!.prompt);
  });

  it('opens the quiz from a QUIZ poster link', async () => {
    await b.post(batch(ev.referral('psid-quiz', 'QUIZ')));
    await b.post(batch(ev.quickReply('psid-tap', 'Đố vui', 'QUIZ')));
    await b.settle();
    const viaLink = said(b.fake, 'psid-quiz');
    expect(viaLink.at(-1)).not.toContain(vi.menu!.prompt);
    expect(viaLink.at(-1)!.split('\n')[0]).toBe(said(b.fake, 'psid-tap').at(-1)!.split('\n')[0]);
  });

  it.each(['sticker', 'image', 'audio', 'file', 'location'])('answers a %s kindly: text only, with the menu', async (kind) => {
    await b.post(batch(kind === 'sticker' ? ev.sticker('psid-att') : ev.attachment('psid-att', kind)));
    await b.settle();
    expect(said(b.fake, 'psid-att')).toEqual([`${vi.common!.textOnly} | ${vi.menu!.learn} / ${vi.menu!.quiz} / ${vi.menu!.support} / ${vi.menu!.settings}`]);
    expect(lastPayloads(b.fake, 'psid-att')).toEqual(MENU);
  });

  it('answers each resident of a batch that carries several entries and events', async () => {
    await b.post(entries([ev.text('psid-a', 'menu')], [ev.text('psid-b', 'menu'), ev.quickReply('psid-b', 'Cài đặt', 'SETTINGS')]));
    await b.settle();
    expect(said(b.fake, 'psid-a')).toHaveLength(2);
    const forB = said(b.fake, 'psid-b');
    expect(forB).toHaveLength(3);
    expect(forB[2]).toContain(vi.settings!.title);
  });

  it('answers a redelivered message once', async () => {
    const body = batch(ev.text('psid-dup', 'menu', 'mid.redelivered-1'));
    expect((await b.post(body)).status).toBe(200);
    await b.settle();
    expect((await b.post(body)).status).toBe(200);
    expect((await b.post(batch(ev.text('psid-dup', 'menu', 'mid.redelivered-1')))).status).toBe(200);
    await b.settle();
    expect(said(b.fake, 'psid-dup')).toHaveLength(2);
  });

  it('acknowledges echoes, deliveries, reads and unknown events with 200, and answers none', async () => {
    const res = await b.post(batch(ev.echo('psid-x'), ev.delivery('psid-x'), ev.read('psid-x'), ev.reaction('psid-x')));
    expect(res.status).toBe(200);
    await b.settle();
    await new Promise((r) => setTimeout(r, 100));
    expect(b.fake.messages()).toHaveLength(0);
  });
});

describe('Messenger: a flooding sender', () => {
  it('gets one polite notice, not one per message, and another resident is still answered', async () => {
    const b = await messengerBot({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 12; i++) await b.post(batch(ev.text('psid-flood', 'menu')));
      await b.post(batch(ev.text('psid-calm', 'chồng không cho vợ đi làm có sao không')));
      await b.settle();
      const flood = said(b.fake, 'psid-flood');
      expect(flood.filter((t) => t === vi.common!.rateLimited)).toHaveLength(1);
      // Three turns answered (welcome and menu, menu, menu), then the one notice.
      expect(flood).toHaveLength(5);
      expect(flood.at(-1)).toBe(vi.common!.rateLimited);
      expect(said(b.fake, 'psid-calm')[1]).toContain(b.rt.content.article('vi', 'ge-family-husband-forbids-work')!.title);
      const metrics = await b.rt.metrics.registry.getSingleMetricAsString('bot_rate_limited_total');
      expect(metrics).toContain('bot_rate_limited_total{channel="messenger"} 9');
    } finally {
      await b.close();
    }
  });
});

describe('Messenger: privacy', () => {
  it('never writes what a resident typed, nor their id, to the log', async () => {
    const { logger, output } = captureLogger('trace');
    const b = await messengerBot({}, logger);
    try {
      await b.post(batch(ev.text('6942483291827361', 'tôi bị chồng đánh tối qua'), ev.reaction('6942483291827361')));
      await b.post(batch(ev.text('6942483291827361', 'x')), 'sha256=' + '0'.repeat(64));
      await b.settle();
      expect(b.fake.delivered().length).toBeGreaterThan(0);
      const log = output();
      expect(log).toContain('event type not handled');
      expect(log).not.toContain('chồng đánh');
      expect(log).not.toContain('6942483291827361');
      expect(log).not.toContain(PAGE_TOKEN);
    } finally {
      await b.close();
    }
  });
});

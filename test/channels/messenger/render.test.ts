import { type Activity, ActivityTypes, CardFactory, MessageFactory } from 'botbuilder';
import { MessengerAdapter } from '../../../src/channels/messenger/adapter';
import { MessengerClient } from '../../../src/channels/messenger/client';
import { dialable, LIMITS, renderActivity, shortTitle } from '../../../src/channels/messenger/render';
import { SentLedger } from '../../../src/channels/messenger/sent-ledger';
import { createSqliteStores } from '../../../src/stores/sqlite';
import { realContent, silentLogger, tempDir } from '../../helpers/env';
import { PAGE_TOKEN } from './events';
import { FakeGraph } from './fake-graph';

const PSID = '6942483291827361';
type Msg = { text?: string; quick_replies?: Array<{ content_type: string; title: string; payload: string }>; attachment?: any };
const messagesOf = (a: Partial<Activity>) => renderActivity(a, PSID).map((b) => (b as { message: Msg }).message);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Real article text of at least 2,500 characters. Articles are written short (about 1,500
 * characters at most), so the two longest Vietnamese ones are joined, titles and all.
 */
function longArticle(): string {
  const [a, b] = [...realContent().articles.vi].sort((x, y) => y.text.length - x.text.length);
  return `${a!.title}\n\n${a!.text}\n\n${b!.title}\n\n${b!.text}`;
}

describe('Messenger rendering within the Send API limits', () => {
  it('splits a 2,500-character article into messages under 2,000 characters, between sentences, losing nothing', () => {
    const text = longArticle();
    expect(text.length).toBeGreaterThanOrEqual(2500);
    const bodies = renderActivity(MessageFactory.text(text), PSID);
    const parts = bodies.map((b) => (b as { message: Msg }).message.text!);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(LIMITS.text);
    // Each cut falls after a sentence or a line, never inside a word.
    for (const p of parts.slice(0, -1)) expect(p).toMatch(/[.!?:…)"”]$|\n/);
    expect(squash(parts.join(' '))).toBe(squash(text));
    for (const b of bodies) expect(b).toMatchObject({ recipient: { id: PSID }, messaging_type: 'RESPONSE' });
  });

  it('offers at most 13 quick replies; titles fit 20 characters, payloads keep the full choice, the rest are numbered in the text', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ title: `${i + 1}. Bạo lực gia đình là gì và làm gì khi gặp`, value: `ARTICLE:dv-basics-${i + 1}:1` }));
    const a = MessageFactory.suggestedActions(choices.map((c) => ({ type: 'postBack', title: c.title, value: c.value })), 'Chọn một bài:');
    const [m, ...more] = messagesOf(a);
    expect(more).toHaveLength(0);
    expect(m!.quick_replies).toHaveLength(13);
    for (const q of m!.quick_replies!) {
      expect(q.content_type).toBe('text');
      expect(q.title.length).toBeLessThanOrEqual(20);
    }
    expect(m!.quick_replies!.map((q) => q.payload)).toEqual(choices.slice(0, 13).map((c) => c.value));
    expect(m!.quick_replies![0]!.title).toBe('1. Bạo lực gia đình…');
    expect(m!.text).toContain('Chọn một bài:');
    expect(m!.text).toContain(`14. ${choices[13]!.title}`);
    expect(m!.text).toContain(`15. ${choices[14]!.title}`);
  });

  it('shortens titles at a word boundary with an ellipsis', () => {
    expect(shortTitle('Tìm hiểu quyền', 20)).toBe('Tìm hiểu quyền');
    expect(shortTitle('Bạo lực gia đình, bạo lực giới', 20)).toBe('Bạo lực gia đình…');
    expect(shortTitle('Khôngcódấucáchnàotrongtiêuđềnày', 20)).toHaveLength(20);
    expect(shortTitle('Mẹ 👩‍👧 và con gái cùng đi học', 20).length).toBeLessThanOrEqual(20);
  });

  it('shows a card as a button template of at most 3 buttons: full numbers as call buttons, short codes written in the text, extra choices as quick replies', () => {
    const card = CardFactory.heroCard('Đường dây nóng', 'Gọi miễn phí, 24/7.', undefined, [
      { type: 'call', title: 'Gọi Công an 113', value: 'tel:113' },
      { type: 'call', title: 'Gọi Hội LHPN xã', value: 'tel:0912 345 678' },
      { type: 'call', title: 'Tổng đài 111', value: 'tel:111' },
      { type: 'postBack', title: 'Nơi tạm lánh', value: 'TOPIC:dv-help' },
      { type: 'postBack', title: 'Menu', value: 'MENU' },
      { type: 'openUrl', title: 'Bản đồ', value: 'https://example.org/map' },
    ]);
    const msgs = messagesOf(MessageFactory.attachment(card));
    const template = msgs.find((m) => m.attachment?.type === 'template')!;
    const payload = template.attachment.payload;
    expect(payload.template_type).toBe('button');
    expect(payload.buttons.length).toBeLessThanOrEqual(3);
    expect(payload.buttons).toContainEqual({ type: 'phone_number', title: 'Gọi Hội LHPN xã', payload: '+84912345678' });
    expect(payload.buttons).toContainEqual({ type: 'web_url', title: 'Bản đồ', url: 'https://example.org/map' });
    // 113 and 111 have no international form that surely reaches them: they are written out.
    expect(payload.text).toContain('Đường dây nóng');
    expect(payload.text).toContain('113');
    expect(payload.text).toContain('111');
    expect(payload.text.length).toBeLessThanOrEqual(LIMITS.templateText);
    expect(payload.buttons).toContainEqual({ type: 'postback', title: 'Nơi tạm lánh', payload: 'TOPIC:dv-help' });
    expect(msgs.at(-1)!.quick_replies!.map((q) => q.payload)).toEqual(['MENU']);
  });

  it('sends a card whose text is longer than a template allows as text first, then the template with the last part', () => {
    const text = longArticle().slice(0, 1500);
    const msgs = messagesOf(MessageFactory.attachment(CardFactory.heroCard('', text, undefined, [{ type: 'postBack', title: 'Đọc tiếp', value: 'ARTICLE:x:2' }])));
    const template = msgs.at(-1)!.attachment.payload;
    expect(template.text.length).toBeLessThanOrEqual(LIMITS.templateText);
    expect(template.buttons).toEqual([{ type: 'postback', title: 'Đọc tiếp', payload: 'ARTICLE:x:2' }]);
    expect(squash([...msgs.slice(0, -1).map((m) => m.text), template.text].join(' '))).toBe(squash(text));
  });

  it('turns numbers into dialable form only when sure', () => {
    expect(dialable('tel:0912 345 678')).toBe('+84912345678');
    expect(dialable('+84 24 3942 4242')).toBe('+842439424242');
    expect(dialable('0222 3856 789')).toBe('+842223856789');
    expect(dialable('113')).toBeUndefined();
    expect(dialable('1800 1768')).toBeUndefined();
    expect(dialable('1900 969 680')).toBeUndefined();
  });

  it('sends typing as typing_on and nothing for other non-message activities', () => {
    expect(renderActivity({ type: ActivityTypes.Typing }, PSID)).toEqual([{ recipient: { id: PSID }, sender_action: 'typing_on' }]);
    expect(renderActivity({ type: ActivityTypes.EndOfConversation }, PSID)).toEqual([]);
  });
});

describe('the Messenger adapter sending to the Graph API', () => {
  let fake: FakeGraph;
  let adapter: MessengerAdapter;
  let ledger: SentLedger;
  let close: () => Promise<void>;
  beforeEach(async () => {
    fake = await FakeGraph.start();
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    close = () => stores.close();
    const client = new MessengerClient({ apiBase: fake.url, pageAccessToken: PAGE_TOKEN }, silentLogger());
    ledger = new SentLedger(stores.state);
    adapter = new MessengerAdapter(client, ledger, silentLogger(), () => new Set(), { typingAfterMs: 100 });
  });
  const event = { kind: 'text', psid: PSID, pageId: 'PAGE', timestamp: Date.now(), eventId: 'mid.1', text: 'xin chào' };
  afterEach(async () => {
    await fake.close();
    await close();
  });

  const send = (a: Partial<Activity>) =>
    adapter.continueConversation({ channelId: 'messenger', conversation: { id: PSID } as never, user: { id: PSID, name: '' }, bot: { id: 'PAGE', name: '' } }, async (ctx) => {
      await ctx.sendActivity(a);
    });

  it('posts a long article as several valid messages, in order', async () => {
    const text = longArticle();
    await send(MessageFactory.text(text));
    const got = fake.delivered();
    expect(got.length).toBeGreaterThanOrEqual(2);
    for (const r of got) {
      expect(r).toMatchObject({ method: 'POST', path: '/v25.0/me/messages', token: PAGE_TOKEN });
      expect(r.body.recipient).toEqual({ id: PSID });
      expect(r.body.message.text.length).toBeLessThanOrEqual(2000);
    }
    expect(squash(got.map((r) => r.body.message.text).join(' '))).toBe(squash(text));
  });

  it('posts 15 choices as 13 quick replies', async () => {
    const actions = Array.from({ length: 15 }, (_, i) => ({ type: 'postBack', title: `Chủ đề số ${i + 1}`, value: `TOPIC:t${i + 1}` }));
    await send(MessageFactory.suggestedActions(actions, 'Chọn một chủ đề:'));
    const [r] = fake.delivered();
    expect(r!.body.message.quick_replies).toHaveLength(13);
    expect(r!.body.message.text).toMatch(/14\. Chủ đề số 14\n15\. Chủ đề số 15$/);
  });

  it('shows the typing indicator first when a reply takes a while to prepare, and not otherwise', async () => {
    await adapter.handle(event, { seq: '1', attempt: 1 }, async (ctx) => {
      await new Promise((r) => setTimeout(r, 250));
      await ctx.sendActivity('Trả lời');
    });
    await adapter.handle({ ...event, eventId: 'mid.2' }, { seq: '2', attempt: 1 }, async (ctx) => {
      await ctx.sendActivity('Trả lời nhanh');
    });
    expect(fake.requests.map((r) => r.body.sender_action ?? r.body.message.text)).toEqual(['typing_on', 'Trả lời', 'Trả lời nhanh']);
  });

  it('skips, on a re-run of a turn, the sends its earlier run completed', async () => {
    const logic = async (ctx: import('botbuilder').TurnContext) => {
      await ctx.sendActivity('một');
      await ctx.sendActivity('hai');
      await ctx.sendActivity('ba');
    };
    await ledger.mark('7', 2);
    await adapter.handle(event, { seq: '7', attempt: 2 }, logic);
    expect(fake.delivered().map((r) => r.body.message.text)).toEqual(['ba']);
    expect(await ledger.count('7')).toBe(3);
    // A first attempt never consults the ledger: a seq is used once.
    await adapter.handle(event, { seq: '8', attempt: 1 }, logic);
    expect(fake.delivered().map((r) => r.body.message.text)).toEqual(['ba', 'một', 'hai', 'ba']);
  });
});

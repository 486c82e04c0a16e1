import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { emptyMemory, remember, resolveText, toActivity } from '../../../src/channels/zalo/mapper';
import { MAX_BUTTONS, phoneCode, renderActivity, TEXT_LIMIT } from '../../../src/channels/zalo/render';
import { withChoices } from '../../../src/bot/choices';

const labels = { typeNumber: 'Gõ số để chọn.', choose: 'Chọn một mục:' };
const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Mục ${i + 1}`, value: `TOPIC:t${i + 1}` }));

describe('Zalo mapper', () => {
  it('maps a tapped title back to its payload, newest set first, across spacing and Unicode forms', () => {
    let memory = remember(emptyMemory(), [{ title: 'Quay lại', value: 'LEARN' }, { title: 'Tìm hỗ trợ', value: 'SUPPORT' }]);
    memory = remember(memory, [{ title: 'Quay lại', value: 'GROUP:violence' }]);
    expect(resolveText('Quay lại', memory)).toEqual({ text: 'GROUP:violence', via: 'button' });
    expect(resolveText('  tìm hỗ  trợ ', memory)).toEqual({ text: 'SUPPORT', via: 'button' });
    expect(resolveText('Tìm hỗ trợ'.normalize('NFD'), memory)).toEqual({ text: 'SUPPORT', via: 'button' });
    expect(resolveText('chồng tôi đánh tôi', memory)).toEqual({ text: 'chồng tôi đánh tôi', via: 'typed' });
  });

  it('maps a typed number to the choice of the newest list, and leaves other numbers alone', () => {
    const memory = remember(emptyMemory(), choices(7));
    expect(resolveText('7', memory).text).toBe('TOPIC:t7');
    expect(resolveText(' 3. ', memory).text).toBe('TOPIC:t3');
    expect(resolveText('số 2', memory).text).toBe('TOPIC:t2');
    expect(resolveText('8', memory)).toEqual({ text: '8', via: 'typed' });
    expect(resolveText('113', memory)).toEqual({ text: '113', via: 'typed' });
    expect(resolveText('2', emptyMemory())).toEqual({ text: '2', via: 'typed' });
  });

  it('remembers a bounded number of sets, and the same set once', () => {
    let memory = emptyMemory();
    for (let i = 0; i < 10; i++) memory = remember(memory, choices(2));
    expect(memory.sets).toHaveLength(1);
    for (let i = 0; i < 10; i++) memory = remember(memory, [{ title: `x${i}`, value: `V${i}` }]);
    expect(memory.sets.length).toBeLessThanOrEqual(6);
  });

  it('turns follow into Get Started, chat-now into the menu, media into a message without text', () => {
    const base = { userId: 'U', timestamp: 1 };
    expect(toActivity({ kind: 'follow', ...base }, emptyMemory())).toMatchObject({ type: 'message', text: 'GET_STARTED', channelId: 'zalo', from: { id: 'U' }, conversation: { id: 'U' } });
    expect(toActivity({ kind: 'chatnow', ...base }, emptyMemory())).toMatchObject({ text: 'MENU' });
    const sticker = toActivity({ kind: 'media', media: 'sticker', msgId: 'm', ...base }, emptyMemory())!;
    expect(sticker.text).toBeUndefined();
    expect(sticker.attachments).toEqual([{ contentType: 'application/vnd.zalo.sticker' }]);
    expect(toActivity({ kind: 'unfollow', ...base }, emptyMemory())).toBeUndefined();
  });
});

describe('Zalo render', () => {
  it('renders up to five choices as oa.query.show buttons whose payload is the title', () => {
    const out = renderActivity(withChoices('Bạn muốn làm gì?', choices(5)), labels);
    expect(out.messages).toEqual([
      { text: 'Bạn muốn làm gì?', attachment: { type: 'template', payload: { buttons: choices(5).map((c) => ({ title: c.title, type: 'oa.query.show', payload: c.title })) } } },
    ]);
    expect(out.offered).toEqual(choices(5));
  });

  it('renders more choices than buttons as a numbered list, without repeating lines the text already numbers', () => {
    const list = ['1. Bài một', '2. Bài hai'];
    const topic = [{ title: '1. Bài một', value: 'ARTICLE:a:1' }, { title: '2. Bài hai', value: 'ARTICLE:b:1' }, ...choices(4).map((c, i) => ({ ...c, title: `Khác ${i}` }))];
    const out = renderActivity(withChoices(`Chọn bài:\n\n${list.join('\n')}`, topic), labels);
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]!.text).toBe(`Chọn bài:\n\n1. Bài một\n2. Bài hai\n\n3. Khác 0\n4. Khác 1\n5. Khác 2\n6. Khác 3\n\nGõ số để chọn.`);
    expect(out.messages[0]!.attachment).toBeUndefined();
    expect(out.offered.map((c) => c.value)).toEqual(topic.map((c) => c.value));
  });

  it('renders links and call actions as oa.open.url and oa.open.phone, kept as buttons beside a long list', () => {
    const card = CardFactory.heroCard('Đường dây nóng', 'Gọi miễn phí, 24/7', undefined, [
      { type: ActionTypes.Call, title: 'Gọi 111', value: 'tel:111' },
      { type: ActionTypes.Call, title: 'Gọi cán bộ', value: 'tel:0912 345 678' },
      { type: ActionTypes.OpenUrl, title: 'Xem thêm', value: 'https://example.vn/a' },
    ]);
    const activity = { ...MessageFactory.suggestedActions(choices(4).map((c) => ({ type: ActionTypes.PostBack, title: c.title, value: c.value })), 'Hỗ trợ'), attachments: [card] };
    const out = renderActivity(activity, labels);
    const message = out.messages.at(-1)!;
    expect(message.text).toContain('Đường dây nóng\nGọi miễn phí, 24/7');
    expect(message.text).toContain('4. Mục 4');
    expect(message.attachment).toEqual({
      type: 'template',
      payload: {
        buttons: [
          { title: 'Gọi 111', type: 'oa.open.phone', payload: { phone_code: '111' } },
          { title: 'Gọi cán bộ', type: 'oa.open.phone', payload: { phone_code: '84912345678' } },
          { title: 'Xem thêm', type: 'oa.open.url', payload: { url: 'https://example.vn/a' } },
        ],
      },
    });
    expect((message.attachment!.payload as { buttons: unknown[] }).buttons.length).toBeLessThanOrEqual(MAX_BUTTONS);
  });

  it('splits long text at sentence ends within the limit, buttons on the last part', () => {
    const text = 'Câu này nói về quyền của bạn. '.repeat(150).trim();
    const out = renderActivity(withChoices(text, choices(2)), labels);
    expect(out.messages.length).toBeGreaterThan(1);
    for (const m of out.messages) {
      expect(m.text!.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(m.text!.endsWith('bạn.')).toBe(true);
    }
    expect(out.messages.slice(0, -1).every((m) => m.attachment === undefined)).toBe(true);
    expect(out.messages.at(-1)!.attachment).toBeDefined();
  });

  it('makes duplicate titles distinct and gives buttons without text a line to sit under', () => {
    const out = renderActivity(withChoices('', [{ title: 'Menu', value: 'MENU' }, { title: 'Menu', value: 'HELP' }]), labels);
    expect(out.messages[0]!.text).toBe('Chọn một mục:');
    expect(out.offered).toEqual([{ title: 'Menu', value: 'MENU' }, { title: 'Menu (2)', value: 'HELP' }]);
  });

  it('normalises phone numbers for oa.open.phone and refuses what is not one', () => {
    expect(phoneCode('tel:+84 912 345 678')).toBe('84912345678');
    expect(phoneCode('1800 1567')).toBe('18001567');
    expect(phoneCode('113')).toBe('113');
    expect(phoneCode('call me')).toBeUndefined();
  });
});

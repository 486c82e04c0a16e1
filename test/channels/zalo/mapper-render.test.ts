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

  it('renders more choices than buttons as a numbered list, the last two as buttons', () => {
    const topic = [...['Bài một', 'Bài hai', 'Bài ba', 'Bài bốn'].map((title, i) => ({ title: `${i + 1}. ${title}`, value: `ARTICLE:a${i}:1` })), { title: 'Quay lại', value: 'GROUP:g' }, { title: 'Menu', value: 'MENU' }];
    // The text already ends with the list (as the knowledge browser writes it): not repeated.
    const own = renderActivity(withChoices('Chọn bài:\n\n1. Bài một\n2. Bài hai\n3. Bài ba\n4. Bài bốn', topic), labels);
    expect(own.messages).toHaveLength(1);
    expect(own.messages[0]!.text).toBe('Chọn bài:\n\n1. Bài một\n2. Bài hai\n3. Bài ba\n4. Bài bốn\n\nGõ số để chọn.');
    expect(own.messages[0]!.attachment).toEqual({
      type: 'template',
      payload: { buttons: [{ title: 'Quay lại', type: 'oa.query.show', payload: 'Quay lại' }, { title: 'Menu', type: 'oa.query.show', payload: 'Menu' }] },
    });
    expect(own.offered.map((c) => c.value)).toEqual(topic.map((c) => c.value));
    // Numbered steps inside a text are not the choices: the list is added.
    const steps = renderActivity(withChoices('Cách làm:\n1. Gọi 113\n2. Ra chỗ đông người\n\nNguồn: Luật', topic), labels);
    expect(steps.messages[0]!.text).toBe('Cách làm:\n1. Gọi 113\n2. Ra chỗ đông người\n\nNguồn: Luật\n\n1. Bài một\n2. Bài hai\n3. Bài ba\n4. Bài bốn\n\nGõ số để chọn.');
  });

  it("sends the support path's buttons hidden, with their own short payload, the quick exit last", () => {
    const path = ['Hiểu chuyện gì đang xảy ra', 'Nơi có thể giúp', 'Gọi lại kín đáo', 'Giúp người khác', 'Muốn thay đổi', 'Sau khi bị mua bán', 'Xong', 'Thoát nhanh'];
    const values = ['SP:u', 'SP:s', 'SP:c', 'SP:o', 'SP:p', 'SP:t', 'SP:e', 'SP:x'];
    const out = renderActivity(withChoices('Bạn muốn làm gì tiếp?', path.map((title, i) => ({ title, value: values[i]! }))), labels);
    expect(out.messages[0]!.text).toContain('6. Sau khi bị mua bán');
    expect((out.messages[0]!.attachment!.payload as { buttons: unknown[] }).buttons).toEqual([
      { title: 'Xong', type: 'oa.query.hide', payload: 'SP:e' },
      { title: 'Thoát nhanh', type: 'oa.query.hide', payload: 'SP:x' },
    ]);
    expect(renderActivity(withChoices('x', [{ title: 'Tìm hỗ trợ', value: 'SUPPORT' }]), labels).messages[0]!.attachment).toEqual({
      type: 'template',
      payload: { buttons: [{ title: 'Tìm hỗ trợ', type: 'oa.query.hide', payload: 'SUPPORT' }] },
    });
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
    expect(message.text).toContain('2. Mục 2');
    expect(message.text).not.toContain('3. Mục 3');
    expect(message.attachment).toEqual({
      type: 'template',
      payload: {
        buttons: [
          { title: 'Gọi cán bộ', type: 'oa.open.phone', payload: { phone_code: '84912345678' } },
          { title: 'Xem thêm', type: 'oa.open.url', payload: { url: 'https://example.vn/a' } },
          { title: 'Mục 3', type: 'oa.query.show', payload: 'Mục 3' },
          { title: 'Mục 4', type: 'oa.query.show', payload: 'Mục 4' },
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

  it('makes oa.open.phone buttons only for numbers whose dialling is sure', () => {
    expect(phoneCode('tel:+84 912 345 678')).toBe('84912345678');
    expect(phoneCode('tel:0222 3856 123')).toBe('842223856123');
    expect(phoneCode('tel:113')).toBeUndefined(); // short codes: no international form
    expect(phoneCode('1800 1567')).toBeUndefined();
    expect(phoneCode('call me')).toBeUndefined();
  });

  it('never drops a number: a short code without a button stays in the text', () => {
    const card = (text: string) =>
      renderActivity(
        MessageFactory.attachment(CardFactory.heroCard('', text, undefined, [
          { type: ActionTypes.Call, title: 'Gọi 113', value: 'tel:113' },
          { type: ActionTypes.Call, title: 'Gọi đường dây nóng', value: 'tel:18001567' },
        ])),
        labels,
      ).messages;
    const written = card('Gọi ngay:\n• Công an: 113\n• Tổng đài: 1800 1567');
    expect(written).toEqual([{ text: 'Gọi ngay:\n• Công an: 113\n• Tổng đài: 1800 1567' }]);
    const missing = card('Gọi ngay:');
    expect(missing[0]!.text).toBe('Gọi ngay:\nGọi 113\nGọi đường dây nóng: 18001567');
  });
});

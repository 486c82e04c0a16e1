import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DistressDetector } from '../../src/support/distress';
import { realContent, ROOT } from '../helpers/env';

const detector = new DistressDetector(realContent());

/** Words of distress as residents may type them: with and without diacritics, chat spelling, English. */
const DISTRESS: Array<[string, 'urgent' | 'victim' | 'perpetrator']> = [
  ['Chồng tôi đánh tôi', 'victim'],
  ['chong toi danh toi', 'victim'],
  ['ck đánh e', 'victim'],
  ['ck lai danh e roi', 'victim'],
  ['Tôi bị chồng đánh đập suốt', 'victim'],
  ['em bi bao hanh', 'victim'],
  ['Cứu tôi với', 'urgent'],
  ['cuu em', 'urgent'],
  ['CỨU!!!', 'urgent'],
  ['giúp tôi với', 'victim'],
  ['giup e voi', 'victim'],
  ['Làm ơn giúp tôi', 'victim'],
  ['Tôi sợ về nhà lắm', 'victim'],
  ['em so chong lam', 'victim'],
  ['anh ta dọa giết tôi', 'urgent'],
  ['no doa se giet em', 'urgent'],
  ['Chồng ép tôi quan hệ khi tôi không muốn', 'victim'],
  ['bị ép lấy chồng', 'victim'],
  ['Bố đánh mẹ con sợ quá', 'victim'],
  ['con bị bố dượng đánh', 'victim'],
  ['tôi đang bị nhốt trong nhà', 'urgent'],
  ['Em bị lừa bán sang Trung Quốc', 'victim'],
  ['tôi thấy ở nhà không an toàn', 'victim'],
  ['My husband hits me', 'victim'],
  ["I'm scared to go home", 'victim'],
  ['he threatened to kill me', 'urgent'],
  ['Please help me', 'victim'],
  ["I'm being abused", 'victim'],
  ["He won't let me leave the house", 'victim'],
  ['nó cầm dao đứng ngoài cửa', 'urgent'],
  ['chồng say đang đập cửa', 'urgent'],
  ['em đang trốn trong nhà tắm', 'urgent'],
  ['toi dang bi danh', 'urgent'],
  ["he's going to kill me", 'urgent'],
  ['tôi hay đánh vợ, muốn bỏ mà không được', 'perpetrator'],
  ['Tôi không kiềm chế được cơn giận', 'perpetrator'],
  ['i hit my wife last night', 'perpetrator'],
  ["I can't control my anger", 'perpetrator'],
];

/** Ordinary questions, many about the same subjects, that must not set the support path off. */
const ORDINARY = [
  'Bình đẳng giới là gì?',
  'binh dang gioi la gi',
  'Chồng đánh vợ bị phạt bao nhiêu tiền?',
  'Luật phòng chống bạo lực gia đình có hiệu lực từ khi nào',
  'Thế nào là bạo lực gia đình',
  'Nghỉ thai sản được mấy tháng?',
  'con gái có được chia thừa kế như con trai không',
  'Tôi muốn đánh giá chất lượng dịch vụ của xã',
  'Cho tôi xin danh sách các hội phụ nữ',
  'Tôi bị sếp đánh giá thấp vì là phụ nữ',
  'Tháng hành động vì bình đẳng giới là tháng mấy',
  'Số điện thoại cấp cứu là gì',
  'Tôi đánh răng xong mới đi ngủ',
  'Có nên cho con gái học ngành kỹ thuật không',
  'Nghiên cứu về bình đẳng giới ở đâu',
  'Đăng ký kết hôn cần giấy tờ gì',
  'What is gender equality?',
  'How long is maternity leave in Vietnam?',
  'Can a husband forbid his wife to work?',
  'tôi muốn chơi đố vui',
  'Chồng không cho vợ đi làm có sao không',
  'Quấy rối tình dục nơi làm việc là gì',
  'Lệnh cấm tiếp xúc kéo dài bao lâu',
  'help',
  'menu',
  'Tắt máy rồi mở lại được không',
  'tất cả các bài viết ở đâu',
];

describe('words of distress', () => {
  it.each(DISTRESS)('"%s" is noticed (%s)', (text, kind) => {
    expect(detector.detect(text)).toBe(kind);
  });

  it.each(ORDINARY)('"%s" is an ordinary message', (text) => {
    expect({ text, phrase: detector.explain(text) }).toEqual({ text, phrase: undefined });
  });

  it('the lists above are long and varied enough to mean something', () => {
    expect(DISTRESS.filter(([, k]) => k === 'victim').length).toBeGreaterThanOrEqual(20);
    expect(ORDINARY.length).toBeGreaterThanOrEqual(20);
    const plain = DISTRESS.filter(([t]) => t === t.normalize('NFD').replace(/\p{M}/gu, '') && !/[đĐ]/.test(t));
    expect(plain.length).toBeGreaterThanOrEqual(8);
  });

  it('tells a question from a disclosure', () => {
    expect(detector.isQuestion('bị chồng đánh thì báo ai?')).toBe(true);
    expect(detector.isQuestion('bi ck danh thi bao ai')).toBe(true);
    expect(detector.isQuestion('chồng tôi đánh tôi')).toBe(false);
    expect(detector.isQuestion('cứu tôi với')).toBe(false);
    expect(detector.isQuestion('chồng đánh em thì làm sao ạ')).toBe(true);
    expect(detector.isQuestion('tôi hay đánh vợ, muốn bỏ mà không được')).toBe(false);
  });

  it("on residents' labelled questions: never fires on gender-equality, campaign or off-topic questions", () => {
    interface Q { q: string; topic: string }
    const qs = (YAML.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/questions.yaml'), 'utf8')) as { questions: Q[] }).questions;
    const sensitive = new Set([...realContent().topics.values()].filter((t) => t.sensitive).map((t) => t.id));
    sensitive.add('emergency');
    sensitive.add('perpetrator-help');
    const calm = qs.filter((q) => !sensitive.has(q.topic));
    // Labelled ge-health for its subject (sex selection), but it tells of coercion: forcing an
    // abortion is sanctioned (ND 117/2020), so offering help is right.
    const coercion = ['Chồng ép tôi bỏ thai vì biết là con gái'];
    const fired = calm.filter((q) => detector.matches(q.q) && !coercion.includes(q.q)).map((q) => `${q.topic}: ${q.q}`);
    const onSensitive = qs.filter((q) => sensitive.has(q.topic));
    const rate = onSensitive.filter((q) => detector.matches(q.q)).length / onSensitive.length;
    // Printed, not asserted: how often a question about violence also gets the gentle offer.
    process.stdout.write(`distress offer on ${onSensitive.length} questions about violence: ${(rate * 100).toFixed(0)}%; on ${calm.length} other questions: ${fired.length}\n`);
    expect(fired).toEqual([]);
  });
});

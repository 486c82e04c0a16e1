import { fold, simplify, TextNormalizer } from '../../src/search/normalize';
import { realContent } from '../helpers/env';

describe('Vietnamese normalisation', () => {
  it('folds case, diacritics and đ, whatever the Unicode form', () => {
    const nfd = 'Bình Đẳng Giới'.normalize('NFD');
    expect(fold(nfd)).toBe('binh dang gioi');
    expect(fold('BÌNH ĐẲNG GIỚI')).toBe('binh dang gioi');
    expect(simplify('Bạo lực gia đình?!… (BLGĐ)')).toBe('bao luc gia dinh blgd');
  });

  const n = new TextNormalizer(realContent().dictionary);
  it.each([
    ['BĐG là gì', 'binh dang gioi la gi'],
    ['ck ko cho vk đi làm', 'chong khong cho vo di lam'],
    ['PCBLGĐ', 'phong chong bao luc gia dinh'],
    ['bị bạo hành', 'bi bao luc'],
    ['ông xã đánh đập', 'chong danh'],
  ])('reads "%s" as "%s"', (typed, canonical) => {
    expect(n.canonical(typed)).toBe(canonical);
  });

  it('makes two-syllable words and drops lone stopwords', () => {
    expect(n.terms('bạo lực gia đình là gì')).toEqual(['bao', 'bao_luc', 'luc', 'luc_gia', 'gia', 'gia_dinh', 'dinh', 'dinh_la']);
  });
});

describe('how residents really type', () => {
  const n = new TextNormalizer(realContent().dictionary);

  it.each([
    ['có sđt tư vấn bạo lực gđ ko mn', 'co so dien thoai tu van bao luc gia dinh khong'],
    ['con 17t đã bắt lấy ck', 'con 17 tuoi da bat lay chong'],
    ['phạt 5tr không', 'phat 5 trieu khong'],
    ['ad ơi cho e hỏi', 'oi cho em hoi'],
    ['đánh vk có bị đi tù ko', 'danh vo co bi xu ly hinh su khong'],
  ])('reads "%s" as "%s"', (typed, canonical) => {
    expect(n.canonical(typed)).toBe(canonical);
  });

  it('stems English lightly and leaves Vietnamese syllables alone', () => {
    expect(n.canonical('He keeps hitting and beating me')).toBe('he keep hit and beat me');
    expect(n.canonical('harassed, harassment, stopped')).toBe('harass harassment stop');
    // No Vietnamese syllable ends in -s, -ed or -ing, so nothing Vietnamese is touched.
    expect(n.canonical('người nhà những nghĩ')).toBe('nguoi nha nhung nghi');
  });

  it('marks the words of out-of-scope phrases, and only those', () => {
    expect(n.outOfScopeTerms('thủ tục đăng ký kết hôn cần giấy tờ gì')).toEqual(expect.arrayContaining(['ket_hon', 'dang_ky', 'thu_tuc']));
    expect(n.outOfScopeTerms('làm thẻ bảo hiểm y tế ở đâu')).toEqual(expect.arrayContaining(['bao_hiem', 'y_te']));
    // Living together without registering the marriage is a real question for this bot.
    expect(n.outOfScopeTerms('chưa đăng ký kết hôn mà bị đánh thì sao')).toEqual([]);
  });

  it('notices danger and violence, with or without diacritics, in Vietnamese and English', () => {
    expect(n.sensitivePhrase('chồng đánh em vì em đẻ con gái')).toBeDefined();
    expect(n.sensitivePhrase('ck doa giet e')).toBeDefined();
    expect(n.sensitivePhrase('bị sàm sỡ ở xưởng')).toBeDefined();
    expect(n.sensitivePhrase('My husband hits me')).toBeDefined();
    expect(n.sensitivePhrase('xúc phạm danh dự là gì')).toBeUndefined();
    expect(n.sensitivePhrase('nghỉ thai sản được mấy tháng')).toBeUndefined();
  });
});

describe('whose voice a question is in', () => {
  const content = realContent();
  const n = new TextNormalizer(content.dictionary);

  it('hears the person being hurt', () => {
    for (const q of ['chồng nhậu về là đánh em', 'bi ck danh', 'he hits me every night', 'nó dọa giết tôi']) expect({ q, victim: n.inVictimVoice(q) }).toEqual({ q, victim: true });
  });

  it('does not mistake the person who wants to stop for the person hurt', () => {
    const asked = [...content.topicArticles('vi', 'perpetrator-help'), ...content.topicArticles('en', 'perpetrator-help')].flatMap((a) => a.questions);
    for (const q of [...asked, 'tôi lỡ đánh vợ, tôi sợ mình lại ra tay']) expect({ q, victim: n.inVictimVoice(q) }).toEqual({ q, victim: false });
  });
});

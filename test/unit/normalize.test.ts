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

import { splitText } from '../../src/bot/text-split';

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('Xin chào.', 100)).toEqual(['Xin chào.']);
  });

  it('splits at paragraphs, then sentences, never above the limit', () => {
    const para = 'Câu thứ nhất khá dài một chút. Câu thứ hai cũng vậy! Câu thứ ba hỏi gì? Câu cuối.';
    const text = `${para}\n\n${para}\n\n${para}`;
    const parts = splitText(text, 60);
    expect(parts.every((p) => p.length <= 60)).toBe(true);
    expect(parts.every((p) => /[.!?]$/.test(p))).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`${para} ${para} ${para}`);
  });

  it('keeps list lines on their own lines', () => {
    const text = `${'Mở đầu. '.repeat(8)}\n\n• một\n• hai\n• ba`;
    const parts = splitText(text, 70);
    expect(parts.at(-1)).toBe('• một\n• hai\n• ba');
  });

  it('cuts a word only when one word is longer than the limit', () => {
    const parts = splitText(`a ${'x'.repeat(50)} b`, 20);
    expect(parts.every((p) => p.length <= 20)).toBe(true);
    expect(parts.join('')).toContain('x'.repeat(20));
  });
});

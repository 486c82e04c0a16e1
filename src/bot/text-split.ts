/**
 * Splits text into pieces of at most `max` characters at the most natural boundary available:
 * paragraphs, then sentences (Intl.Segmenter knows Vietnamese sentence ends), then words, and only
 * as a last resort inside a word. Used for article parts and for platform message limits.
 */
export function splitText(text: string, max: number, locale = 'vi'): string[] {
  if (max < 20) throw new Error('max too small');
  const clean = text.trim();
  if (clean.length <= max) return clean ? [clean] : [];
  // Units carry how they join the unit before them: a new paragraph, or the same paragraph.
  const units: Array<{ text: string; sep: string }> = [];
  for (const para of clean.split(/\n{2,}/)) {
    if (para.length <= max) {
      units.push({ text: para, sep: '\n\n' });
      continue;
    }
    para.split('\n').forEach((line, li) => {
      const pieces = line.length <= max ? [line] : splitSentences(line, max, locale);
      pieces.forEach((p, i) => units.push({ text: p, sep: i > 0 ? ' ' : li > 0 ? '\n' : '\n\n' }));
    });
  }
  const parts: string[] = [];
  let cur = '';
  for (const u of units) {
    const sep = cur ? u.sep : '';
    if (cur && cur.length + sep.length + u.text.length > max) {
      parts.push(cur);
      cur = u.text;
    } else {
      cur += sep + u.text;
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

function splitSentences(para: string, max: number, locale: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const { segment } of new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(para)) {
    const s = segment.trim();
    if (!s) continue;
    if (s.length > max) {
      if (cur) out.push(cur);
      cur = '';
      out.push(...splitWords(s, max));
    } else if (cur && cur.length + 1 + s.length > max) {
      out.push(cur);
      cur = s;
    } else {
      cur = cur ? `${cur} ${s}` : s;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function splitWords(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (let word of s.split(/\s+/)) {
    while (word.length > max) {
      if (cur) out.push(cur);
      cur = '';
      out.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (!word) continue;
    if (cur && cur.length + 1 + word.length > max) {
      out.push(cur);
      cur = word;
    } else {
      cur = cur ? `${cur} ${word}` : word;
    }
  }
  if (cur) out.push(cur);
  return out;
}

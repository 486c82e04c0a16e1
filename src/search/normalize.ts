import type { Dictionary } from '../content/schemas';

/**
 * Vietnamese-aware text normalisation for matching. Residents type with or without diacritics,
 * in Telex leftovers, chat spelling ("ko dc", "ck e") and abbreviations ("BLGĐ"); all of it is
 * folded to one plain form before matching. Display text is never folded.
 */

/** Lowercase, Unicode-normalised, diacritics and đ folded: "Bình Đẳng" -> "binh dang". */
export function fold(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/** Folded, with punctuation and symbols turned into spaces and runs of space collapsed. */
export function simplify(s: string): string {
  return fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class TextNormalizer {
  private readonly replacements: Map<string, string>;
  private readonly synonymRe?: RegExp;
  private readonly synonymTarget = new Map<string, string>();
  readonly stopwords: Set<string>;

  constructor(dictionary: Dictionary) {
    this.replacements = new Map(Object.entries(dictionary.replacements).map(([k, v]) => [simplify(k), simplify(v)]));
    const alternatives: string[] = [];
    for (const group of dictionary.synonyms) {
      const [head, ...rest] = group.map((p) => this.applyReplacements(simplify(p)));
      for (const phrase of rest) {
        if (phrase && phrase !== head && !this.synonymTarget.has(phrase)) {
          this.synonymTarget.set(phrase, head!);
          alternatives.push(phrase);
        }
      }
    }
    if (alternatives.length > 0) {
      alternatives.sort((a, b) => b.length - a.length);
      this.synonymRe = new RegExp(`(?<=^| )(?:${alternatives.map(escapeRe).join('|')})(?= |$)`, 'g');
    }
    this.stopwords = new Set(dictionary.stopwords.map((w) => simplify(w)));
  }

  /** The canonical folded form of a text: replacements and synonyms applied. */
  canonical(text: string): string {
    const replaced = this.applyReplacements(simplify(text));
    return this.synonymRe ? replaced.replace(this.synonymRe, (m) => this.synonymTarget.get(m) ?? m) : replaced;
  }

  /** Syllables of the canonical form. */
  syllables(text: string): string[] {
    const c = this.canonical(text);
    return c ? c.split(' ') : [];
  }

  /**
   * Index terms: content syllables plus adjacent-syllable bigrams ("bao_luc", "luc_gia",
   * "gia_dinh"). Most Vietnamese words are two syllables, so bigrams act as words, while
   * single syllables still match loosely.
   */
  terms(text: string): string[] {
    const syl = this.syllables(text);
    const out: string[] = [];
    for (let i = 0; i < syl.length; i++) {
      const s = syl[i]!;
      if (!this.stopwords.has(s) && (s.length > 1 || /\d/.test(s))) out.push(s);
      const next = syl[i + 1];
      if (next !== undefined && !(this.stopwords.has(s) && this.stopwords.has(next))) out.push(`${s}_${next}`);
    }
    return out;
  }

  private applyReplacements(simplified: string): string {
    if (this.replacements.size === 0 || !simplified) return simplified;
    return simplified
      .split(' ')
      .map((w) => this.replacements.get(w) ?? w)
      .join(' ');
  }
}

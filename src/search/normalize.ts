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

/**
 * Light English stemming: "beats", "beating", "harassed" -> "beat", "harass". Only endings that
 * no folded Vietnamese syllable can have (Vietnamese syllables never end in -s, -ed or -ing),
 * so Vietnamese words pass through untouched and one index serves both languages.
 */
export function stemEnglish(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** "hitt" -> "hit", "stopp" -> "stop"; but "harass", "fall" stay. */
function undouble(w: string): string {
  return /([b-df-hj-km-np-tv-z])\1$/.test(w) && !/(ll|ss|zz|ff)$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * Chat shorthand for numbers: "17t" -> "17 tuoi", "5tr" -> "5 trieu", "30k" -> "30 nghin".
 * Applied on folded words, before the dictionary.
 */
function expandNumberShorthand(word: string): string {
  const m = /^(\d{1,3})(t|tuoi|tr|trieu|k)$/.exec(word);
  if (!m) return word;
  const unit = m[2] === 't' || m[2] === 'tuoi' ? 'tuoi' : m[2] === 'k' ? 'nghin' : 'trieu';
  return `${m[1]} ${unit}`;
}

export class TextNormalizer {
  private readonly replacements: Map<string, string>;
  /** Replacements whose key carries diacritics or đ ("gđ"): matched before folding. */
  private readonly exactReplacements: Map<string, string>;
  private readonly synonymRe?: RegExp;
  private readonly synonymTarget = new Map<string, string>();
  private readonly outOfScope: string[][];
  private readonly sensitiveRe?: RegExp;
  private readonly victimVoiceRe?: RegExp;
  readonly stopwords: Set<string>;

  constructor(dictionary: Dictionary) {
    const entries = Object.entries(dictionary.replacements);
    const lower = (k: string) => k.normalize('NFC').toLowerCase().trim();
    this.exactReplacements = new Map(entries.filter(([k]) => simplify(k) !== lower(k)).map(([k, v]) => [lower(k), simplify(v)]));
    this.replacements = new Map(entries.filter(([k]) => simplify(k) === lower(k)).map(([k, v]) => [simplify(k), simplify(v)]));
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
    if (alternatives.length > 0) this.synonymRe = phraseRegExp(alternatives);
    this.stopwords = new Set(dictionary.stopwords.map((w) => stemEnglish(simplify(w))));
    this.outOfScope = [...new Set(dictionary.outOfScope.map((p) => this.canonical(p)).filter(Boolean))].map((p) => p.split(' '));
    const sensitive = [...new Set(dictionary.sensitive.map((p) => this.canonical(p)).filter(Boolean))];
    if (sensitive.length > 0) this.sensitiveRe = phraseRegExp(sensitive, '');
    const victim = [...new Set(dictionary.victimVoice.map((p) => this.canonical(p)).filter(Boolean))];
    if (victim.length > 0) this.victimVoiceRe = phraseRegExp(victim, '');
  }

  /** True when the question speaks as the person being hurt (dictionary `victimVoice`). */
  inVictimVoice(text: string): boolean {
    const re = this.victimVoiceRe;
    return re ? clauses(text).some((c) => re.test(this.canonical(c))) : false;
  }

  /** The canonical folded form of a text: replacements, synonyms and English stems applied. */
  canonical(text: string): string {
    const replaced = this.applyReplacements(simplify(this.applyExactReplacements(text)));
    const synonyms = this.synonymRe ? replaced.replace(this.synonymRe, (m) => this.synonymTarget.get(m) ?? m) : replaced;
    return synonyms
      .split(' ')
      .map((w) => stemEnglish(w))
      .join(' ');
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
    return termsOf(this.syllables(text), this.stopwords);
  }

  /** The danger or violence phrase a question contains (dictionary `sensitive`), if any. */
  sensitivePhrase(text: string): string | undefined {
    const re = this.sensitiveRe;
    if (!re) return undefined;
    for (const c of clauses(text)) {
      const m = this.canonical(c).match(re);
      if (m) return m[0];
    }
    return undefined;
  }

  /**
   * The terms of a question that fall inside out-of-scope phrases: its syllables covered by any
   * phrase (overlapping phrases included: "thẻ bảo hiểm y tế"), and the words made of them.
   */
  outOfScopeTerms(text: string): string[] {
    if (this.outOfScope.length === 0) return [];
    const syl = this.syllables(text);
    const covered = new Array<boolean>(syl.length).fill(false);
    for (const phrase of this.outOfScope) {
      for (let i = 0; i + phrase.length <= syl.length; i++) {
        if (phrase.every((p, k) => syl[i + k] === p)) for (let k = 0; k < phrase.length; k++) covered[i + k] = true;
      }
    }
    const out = new Set<string>();
    for (let i = 0; i < syl.length; i++) {
      if (!covered[i]) continue;
      let j = i;
      while (j < syl.length && covered[j]) j++;
      termsOf(syl.slice(i, j), this.stopwords).forEach((t) => out.add(t));
      i = j;
    }
    return [...out];
  }

  private applyReplacements(simplified: string): string {
    if (!simplified) return simplified;
    return simplified
      .split(' ')
      .map((w) => this.replacements.get(w) ?? expandNumberShorthand(w))
      .filter((w) => w !== '')
      .join(' ');
  }

  private applyExactReplacements(text: string): string {
    if (this.exactReplacements.size === 0) return text;
    return text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[\p{L}\p{N}]+/gu, (w) => this.exactReplacements.get(w) ?? w);
  }
}

/**
 * A text cut at punctuation, so a phrase is never read across two clauses ("bị tôi đánh, tôi
 * nên làm gì" does not contain "đánh tôi").
 */
function clauses(text: string): string[] {
  return text.split(/[.,;:!?\n]+/).filter((c) => c.trim() !== '');
}

function termsOf(syl: string[], stopwords: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < syl.length; i++) {
    const s = syl[i]!;
    if (!stopwords.has(s) && (s.length > 1 || /\d/.test(s))) out.push(s);
    const next = syl[i + 1];
    if (next !== undefined && !(stopwords.has(s) && stopwords.has(next))) out.push(`${s}_${next}`);
  }
  return out;
}

/** Whole-phrase alternation, longest first, on space-separated folded text. */
function phraseRegExp(phrases: string[], flags = 'g'): RegExp {
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<=^| )(?:${sorted.map(escapeRe).join('|')})(?= |$)`, flags);
}

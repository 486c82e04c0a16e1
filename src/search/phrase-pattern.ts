import { simplify } from './normalize';

/**
 * A tiny pattern language for phrase lists that editors write (content/support/distress.yaml):
 * words in order, `a|b` alternatives (multi-word with `_`), `@set` references, `..` for a gap of
 * up to six words, `?` for an optional slot, `^` / `$` anchors. It compiles to one RegExp over
 * text folded by `PhraseFolder`, so "chồng tôi đánh tôi", "chong toi danh toi" and "ck đánh e"
 * are the same text to it.
 *
 * Why not regular expressions in the content file: editors of another commune must be able to
 * add a phrase without learning regex, and a wrong regex could hang the bot on every message.
 * These patterns compile to regexes without nested quantifiers, so matching stays linear.
 */

const GAP_WORDS = 6;

/** Folds text for phrase matching: `simplify` plus whole-word chat-spelling replacements. */
export class PhraseFolder {
  private readonly replacements: Map<string, string>;
  private readonly ignoreRe?: RegExp;

  constructor(replacements: Record<string, string>, ignore: string[] = []) {
    this.replacements = new Map(Object.entries(replacements).map(([k, v]) => [simplify(k), simplify(v)]));
    const phrases = ignore.map((p) => this.fold(p)).filter(Boolean).sort((a, b) => b.length - a.length);
    if (phrases.length > 0) this.ignoreRe = new RegExp(`(?<=^| )(?:${phrases.map(escapeRe).join('|')})(?= |$)`, 'g');
  }

  /** Lowercase, no diacritics, words separated by one space, chat spellings replaced. */
  fold(text: string): string {
    const s = simplify(text);
    if (!s || this.replacements.size === 0) return s;
    return s
      .split(' ')
      .map((w) => this.replacements.get(w) ?? w)
      .join(' ');
  }

  /** The folded text with `ignore` phrases blanked out, wrapped in spaces for `compilePhrase`. */
  prepare(text: string): string {
    const folded = this.fold(text);
    return ` ${this.ignoreRe ? folded.replace(this.ignoreRe, '_') : folded} `;
  }
}

/** Thrown for a phrase that cannot be compiled; the message says what is wrong. */
export class PhraseError extends Error {}

/**
 * Compiles one phrase. The RegExp runs on `PhraseFolder.prepare(text)`: every word is followed
 * by a space, so each slot consumes its trailing space and alternatives can only match whole words.
 */
export function compilePhrase(phrase: string, sets: Record<string, string[]>, folder: PhraseFolder): RegExp {
  const tokens = phrase.trim().split(/\s+/);
  let re = '';
  let anchoredStart = false;
  let anchoredEnd = false;
  let slots = 0;
  tokens.forEach((tok, i) => {
    if (tok === '^') {
      if (i !== 0) throw new PhraseError(`"^" must come first in "${phrase}"`);
      anchoredStart = true;
      return;
    }
    if (tok === '$') {
      if (i !== tokens.length - 1) throw new PhraseError(`"$" must come last in "${phrase}"`);
      anchoredEnd = true;
      return;
    }
    if (tok === '..') {
      if (slots === 0 || i === tokens.length - 1 || tokens[i + 1] === '$') throw new PhraseError(`".." must sit between two words in "${phrase}"`);
      re += `(?:\\S+ ){0,${GAP_WORDS}}`;
      return;
    }
    const optional = tok.endsWith('?') && tok.length > 1;
    const body = optional ? tok.slice(0, -1) : tok;
    const alternatives = new Set<string>();
    for (const alt of body.split('|')) {
      if (!alt) throw new PhraseError(`empty choice in "${tok}" of "${phrase}"`);
      const words = alt.startsWith('@') ? setWords(alt.slice(1), sets, phrase) : [alt];
      for (const w of words) {
        const folded = folder.fold(w.replace(/_/g, ' '));
        if (!folded) throw new PhraseError(`"${w}" in "${phrase}" has no letters or digits`);
        alternatives.add(folded);
      }
    }
    const alt = [...alternatives].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
    re += optional ? `(?:(?:${alt}) )?` : `(?:${alt}) `;
    slots++;
  });
  if (slots === 0) throw new PhraseError(`"${phrase}" has no words`);
  return new RegExp(`${anchoredStart ? '^ ' : ' '}${re}${anchoredEnd ? '$' : ''}`);
}

function setWords(name: string, sets: Record<string, string[]>, phrase: string): string[] {
  const words = sets[name];
  if (!words) throw new PhraseError(`unknown set "@${name}" in "${phrase}"`);
  return words;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { Content } from '../content/types';
import { compilePhrase, PhraseFolder } from '../search/phrase-pattern';

/**
 * Who a message of distress seems to come from. `urgent`: danger happening now (a weapon, a cry
 * for help, a threat to kill), where every tap counts; `victim` covers someone facing violence
 * and someone seeing it (a child, a neighbour); `perpetrator` someone worried about their own
 * violence.
 */
export type DistressKind = 'urgent' | 'victim' | 'perpetrator';

/**
 * Notices words of distress or violence in a message, in Vietnamese with or without diacritics,
 * in chat spelling, and in English. The phrases are content (content/support/distress.yaml), so
 * another commune can add its own words without touching code.
 *
 * A message that matches both kinds counts as `victim`: offering help to someone who is hurt is
 * never wrong, while treating a victim as the one who hurts would be.
 */
export class DistressDetector {
  private readonly folder: PhraseFolder;
  private readonly urgent: RegExp[];
  private readonly victim: RegExp[];
  private readonly perpetrator: RegExp[];
  private readonly phrases: { urgent: string[]; victim: string[]; perpetrator: string[] };

  constructor(content: Pick<Content, 'support' | 'dictionary'>) {
    const { sets, ignore, urgent, victim, perpetrator } = content.support.distress;
    this.folder = new PhraseFolder(content.dictionary.replacements, ignore);
    this.urgent = urgent.map((p) => compilePhrase(p, sets, this.folder));
    this.victim = victim.map((p) => compilePhrase(p, sets, this.folder));
    this.perpetrator = perpetrator.map((p) => compilePhrase(p, sets, this.folder));
    this.phrases = { urgent, victim, perpetrator };
  }

  detect(text: string): DistressKind | undefined {
    // Very long messages are cut: a phrase of distress is short, and matching stays cheap.
    const prepared = this.folder.prepare(text.slice(0, 2000));
    if (this.urgent.some((re) => re.test(prepared))) return 'urgent';
    if (this.victim.some((re) => re.test(prepared))) return 'victim';
    if (this.perpetrator.some((re) => re.test(prepared))) return 'perpetrator';
    return undefined;
  }

  matches(text: string): boolean {
    return this.detect(text) !== undefined;
  }

  /** The phrase a message matched, for editors testing their list (never logged). */
  explain(text: string): string | undefined {
    const prepared = this.folder.prepare(text.slice(0, 2000));
    const { urgent, victim, perpetrator } = this.phrases;
    const u = this.urgent.findIndex((re) => re.test(prepared));
    if (u >= 0) return urgent[u];
    const v = this.victim.findIndex((re) => re.test(prepared));
    if (v >= 0) return victim[v];
    const p = this.perpetrator.findIndex((re) => re.test(prepared));
    return p >= 0 ? perpetrator[p] : undefined;
  }

  /**
   * True for a message that reads as a question ("bị chồng đánh thì báo ai?"), false for a
   * disclosure ("chồng tôi đánh tôi"). A question of distress gets its answer and the gentle
   * offer; a disclosure gets the offer alone, without a wall of text first.
   */
  isQuestion(text: string): boolean {
    if (/[?？]\s*$/.test(text)) return true;
    const words = this.folder.fold(text).split(' ');
    if (QUESTION_HEAD.test(words.slice(0, 2).join(' '))) return true;
    while (words.length > 1 && TRAILING_PARTICLES.has(words[words.length - 1]!)) words.pop();
    return QUESTION_LAST.has(words[words.length - 1] ?? '') || QUESTION_LAST_TWO.has(words.slice(-2).join(' '));
  }
}

/** Words a question ends with ("... có sao không", "... báo ai"); "mà không được" is not one. */
const QUESTION_LAST = new Set(['khong', 'chua', 'gi', 'sao', 'nao', 'ai', 'dau', 'nhi', 'may']);
const QUESTION_LAST_TWO = new Set(['bao nhieu', 'co phai', 'thi sao', 'lam sao', 'the nao', 'o dau', 'la gi']);
/** Politeness and chat particles after the question word ("... không ạ", "... ko ad", "... k mn"). */
const TRAILING_PARTICLES = new Set(['a', 'ah', 'anh', 'vay', 'ha', 'nhe', 'nha', 'day', 'oi', 'ad', 'mn', 'admin', 'chi', 'em', 'ban']);
const QUESTION_HEAD = /^(?:what|how|who|where|when|why|which|can|should|is|are|do|does|co phai|lam sao|the nao)(?: |$)/;

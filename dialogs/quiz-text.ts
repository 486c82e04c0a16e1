import type { Locale, QuizQuestion, Source } from '../src/content/schemas';
import type { Translate } from '../src/i18n';
import { LETTERS } from '../src/quiz/attempt';
import type { Day } from '../src/quiz/availability';
import type { ShownQuestion } from '../src/quiz/shuffle';

/** Text of the quiz in the resident's language: contest rounds may be written in Vietnamese only. */
export const loc = (text: { vi: string; en?: string }, locale: Locale): string => (locale === 'en' ? (text.en ?? text.vi) : text.vi);

/** 4/12/2026 in Vietnamese, 4 December 2026 in English. */
export function formatDay(day: Day, locale: Locale): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (locale === 'vi') return `${d}/${m}/${y}`;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** "A, B hoặc C" / "A, B or C". */
export function letterList(count: number, t: Translate): string {
  const letters = LETTERS.slice(0, count);
  return `${letters.slice(0, -1).join(', ')} ${t('quiz.or')} ${letters[letters.length - 1]}`;
}

export function numberList(count: number, t: Translate): string {
  const n = Array.from({ length: count }, (_, i) => String(i + 1));
  return `${n.slice(0, -1).join(', ')} ${t('quiz.or')} ${n[n.length - 1]}`;
}

/** The options as the resident sees them, in the attempt's order. */
export function shownOptionTexts(question: QuizQuestion, shown: ShownQuestion, locale: Locale): string[] {
  return shown.o.map((i) => loc(question.options[i]!.text, locale));
}

/**
 * A question with its options in the text. Buttons carry only the letters: option texts are too
 * long for a button (Messenger cuts quick replies at 20 characters).
 */
export function questionText(question: QuizQuestion, shown: ShownQuestion, n: number, total: number, locale: Locale, t: Translate): string {
  const options = shownOptionTexts(question, shown, locale).map((o, i) => `${LETTERS[i]}. ${o}`);
  return `${t('quiz.question', { n, total })}\n${loc(question.text, locale)}\n\n${options.join('\n')}`;
}

export function formatSource(source: Source): string {
  return source.article ? `${source.law}, ${source.article}` : source.law;
}

/** Right or wrong, the right answer, the explanation and the legal source, in a few lines. */
export function feedbackText(question: QuizQuestion, shown: ShownQuestion, chosen: number, locale: Locale, t: Translate): string {
  const right = question.options.findIndex((o) => o.correct === true);
  const verdict =
    chosen === right
      ? t('quiz.right')
      : t('quiz.wrong', { letter: LETTERS[shown.o.indexOf(right)], answer: loc(question.options[right]!.text, locale) });
  return `${verdict}\n\n${loc(question.explanation, locale)}\n\n${t('quiz.source', { source: formatSource(question.source) })}`;
}

/** Whole minutes a round takes at about thirty seconds a question. */
export const roundMinutes = (questions: number): number => Math.max(1, Math.ceil(questions / 2));

export function formatMean(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

import type { Activity } from 'botbuilder';
import type { Locale, Quiz, QuizQuestion, QuizRound } from '../../src/content/schemas';
import { reachSignals, type ReachSignal } from '../../src/bot/reach-signal';
import { actions, type TestChat, texts } from '../helpers/chat';
import { realContent } from '../helpers/env';

const content = realContent();

export function quiz(id: string): Quiz {
  return content.quizzes.find((q) => q.id === id)!;
}

export function round(quizId: string, roundId: string): QuizRound {
  return quiz(quizId).rounds.find((r) => r.id === roundId)!;
}

/** 10:00 in Hiệp Hòa on the given day (03:00 UTC). */
export const at = (day: string, time = '10:00'): Date => new Date(`${day}T${time}:00+07:00`);

/** A clock tests can move. */
export function clock(day: string): { now: () => Date; set(day: string, time?: string): void } {
  let current = at(day);
  return { now: () => current, set: (d, time) => (current = at(d, time)) };
}

export interface ShownQuestionInfo {
  question: QuizQuestion;
  /** The letters as displayed, in display order, with the option each stands for. */
  letters: Array<{ letter: string; option: number; text: string }>;
  right: string;
  wrong: string;
  n: number;
  total: number;
}

/**
 * Reads the question the bot just asked (the last reply with "Câu n/N" or "Question n/N") and
 * finds it in the round, so a test knows which letter is right in this attempt's order.
 */
export function shownQuestion(replies: Partial<Activity>[], r: QuizRound, locale: Locale = 'vi'): ShownQuestionInfo {
  const all = texts(replies);
  const re = locale === 'vi' ? /Câu (\d+)\/(\d+)\n([^\n]+)\n\n((?:[A-D]\. [^\n]+\n?)+)/g : /Question (\d+)\/(\d+)\n([^\n]+)\n\n((?:[A-D]\. [^\n]+\n?)+)/g;
  const matches = [...all.matchAll(re)];
  const m = matches[matches.length - 1];
  if (!m) throw new Error(`no question in:\n${all}`);
  const text = m[3]!;
  const question = r.questions.find((q) => (locale === 'en' ? (q.text.en ?? q.text.vi) : q.text.vi) === text);
  if (!question) throw new Error(`question not in round: ${text}`);
  const letters = m[4]!
    .trim()
    .split('\n')
    .map((line) => {
      const letter = line.slice(0, 1);
      const optText = line.slice(3);
      const option = question.options.findIndex((o) => (locale === 'en' ? (o.text.en ?? o.text.vi) : o.text.vi) === optText);
      if (option < 0) throw new Error(`option not found: ${optText}`);
      return { letter, option, text: optText };
    });
  const rightIdx = question.options.findIndex((o) => o.correct === true);
  const right = letters.find((l) => l.option === rightIdx)!.letter;
  const wrong = letters.find((l) => l.option !== rightIdx)!.letter;
  return { question, letters, right, wrong, n: Number(m[1]), total: Number(m[2]) };
}

/** Answers with the button of that letter (as a tap sends its payload). */
export async function tapLetter(chat: TestChat, replies: Partial<Activity>[], letter: string): Promise<Partial<Activity>[]> {
  return chat.tap(replies, letter);
}

/** Records the reach signals of every turn of this chat. */
export function captureReach(chat: TestChat): ReachSignal[] {
  const seen: ReachSignal[] = [];
  chat.adapter.use(async (ctx, next) => {
    await next();
    seen.push(...reachSignals(ctx));
  });
  return seen;
}

export const buttonValues = (replies: Partial<Activity>[]): string[] => actions(replies).map((a) => a.value);

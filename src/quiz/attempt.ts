import { randomBytes } from 'node:crypto';
import type { Quiz, QuizQuestion, QuizRound } from '../content/schemas';
import { simplify } from '../search/normalize';
import { attemptOrder, type ShownQuestion } from './shuffle';

/**
 * One resident's pass through a round, kept in their (sealed, pseudonymous) user state so they
 * can leave and come back days later to the same question in the same order. Nothing here ever
 * reaches the anonymous records except through the aggregates.
 */
export interface Attempt {
  quizId: string;
  roundId: string;
  /** Random; makes the completion idempotent and derives the prize code (see prize-codes.ts). */
  nonce: string;
  seed: number;
  order: ShownQuestion[];
  /** The original index of the option chosen, by position in `order`. */
  answers: number[];
  /** The resident's first attempt at this round: it counts in the results, the leaderboard and for a prize. */
  counted: boolean;
}

/** A finished round: the first score (what counts) and the latest (what a resident may share). */
export interface FinishedRound {
  first: number;
  last: number;
  total: number;
}

/** What the quiz keeps about a resident. */
export interface QuizMemory {
  open: Record<string, Attempt>;
  done: Record<string, FinishedRound>;
}

export const emptyMemory = (): QuizMemory => ({ open: {}, done: {} });

export const roundKey = (quizId: string, roundId: string): string => `${quizId}/${roundId}`;

export function newAttempt(quiz: Quiz, round: QuizRound, counted: boolean): Attempt {
  const seed = randomBytes(4).readUInt32BE(0);
  return {
    quizId: quiz.id,
    roundId: round.id,
    nonce: randomBytes(12).toString('base64url'),
    seed,
    order: attemptOrder(round, seed),
    answers: [],
    counted,
  };
}

/**
 * True when the attempt still fits the round as it is now. An editor may fix a question while
 * someone is half-way; a removed question or a changed number of options cannot be resumed.
 */
export function fitsRound(attempt: Attempt, round: QuizRound): boolean {
  if (attempt.order.length !== round.questions.length) return false;
  return attempt.order.every((s) => {
    const q = round.questions.find((x) => x.id === s.q);
    return q !== undefined && q.options.length === s.o.length;
  });
}

export function questionAt(round: QuizRound, attempt: Attempt, position: number): { question: QuizQuestion; shown: ShownQuestion } {
  const shown = attempt.order[position]!;
  return { question: round.questions.find((q) => q.id === shown.q)!, shown };
}

export const correctIndex = (q: QuizQuestion): number => q.options.findIndex((o) => o.correct === true);

export const LETTERS = ['A', 'B', 'C', 'D'] as const;

const ANSWER_RE = /^(?:(?:dap an|cau|chon|phuong an|y|answer|option|choose|pick)\s+)?([a-d]|[1-4])$/;

/**
 * What a typed answer means, as a position among the options shown: "b", "B.", "2",
 * "đáp án c", or the whole text of an option. Undefined when it is none of these.
 */
export function parseTypedAnswer(input: string, shownTexts: readonly string[]): number | undefined {
  const s = simplify(input);
  const m = ANSWER_RE.exec(s);
  if (m) {
    const c = m[1]!;
    const i = /\d/.test(c) ? Number(c) - 1 : c.charCodeAt(0) - 97;
    return i < shownTexts.length ? i : undefined;
  }
  const i = shownTexts.findIndex((t) => simplify(t) === s);
  return i >= 0 ? i : undefined;
}

export interface Score {
  correct: number;
  total: number;
  /** Topics of the questions answered wrong, in the order met, without repeats. */
  missedTopics: string[];
}

export function scoreAttempt(round: QuizRound, attempt: Attempt): Score {
  let correct = 0;
  const missed: string[] = [];
  attempt.order.forEach((_, i) => {
    const { question } = questionAt(round, attempt, i);
    if (attempt.answers[i] === correctIndex(question)) correct++;
    else if (!missed.includes(question.topic)) missed.push(question.topic);
  });
  return { correct, total: attempt.order.length, missedTopics: missed };
}

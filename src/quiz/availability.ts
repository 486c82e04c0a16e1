import type { Quiz, QuizRound } from '../content/schemas';
import { dayInZone } from '../reach/calendar';

/**
 * When quiz rounds are open. Windows are calendar days in the town's time zone
 * (Asia/Ho_Chi_Minh), inclusive at both ends, written YYYY-MM-DD; such strings compare in date
 * order, so no date library is needed.
 */

/** A calendar day, YYYY-MM-DD. */
export type Day = string;

export interface Window {
  from: Day;
  to: Day;
}

export type RoundStatus = 'open' | 'upcoming' | 'closed';

/** The calendar day of `date` in `timeZone` (the town's day, not the server's). */
export function dayIn(timeZone: string, date: Date): Day {
  return dayInZone(date, timeZone);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: Day, n: number): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A round's own window, else its quiz's, else none (always open: the practice quiz). */
export function roundWindow(quiz: Quiz, round: QuizRound): Window | undefined {
  return round.window ?? quiz.window;
}

export function roundStatus(quiz: Quiz, round: QuizRound, today: Day): RoundStatus {
  const w = roundWindow(quiz, round);
  if (!w) return 'open';
  if (today < w.from) return 'upcoming';
  if (today > w.to) return 'closed';
  return 'open';
}

/**
 * Someone who began a round on its last evening may finish after midnight: answers are accepted
 * until the end of the day after the round closes. Later, the attempt is let go.
 */
export const FINISH_GRACE_DAYS = 1;

export function canFinish(quiz: Quiz, round: QuizRound, today: Day): boolean {
  const w = roundWindow(quiz, round);
  return !w || (today >= w.from && today <= addDays(w.to, FINISH_GRACE_DAYS));
}

export interface RoundRef {
  quiz: Quiz;
  round: QuizRound;
}

/** The first open round of a quiz today, if any. */
export function openRound(quiz: Quiz, today: Day): QuizRound | undefined {
  return quiz.rounds.find((r) => roundStatus(quiz, r, today) === 'open');
}

/** Open contest rounds today, earliest-starting first. */
export function openContestRounds(quizzes: readonly Quiz[], today: Day): RoundRef[] {
  return quizzes
    .filter((q) => q.kind === 'contest')
    .flatMap((quiz) => quiz.rounds.filter((r) => roundStatus(quiz, r, today) === 'open').map((round) => ({ quiz, round })))
    .sort((a, b) => (roundWindow(a.quiz, a.round)?.from ?? '').localeCompare(roundWindow(b.quiz, b.round)?.from ?? ''));
}

/** The next contest round to open after today (of one quiz, or of all), for "opens on …". */
export function nextOpening(quizzes: readonly Quiz[], today: Day): (RoundRef & { from: Day }) | undefined {
  let best: (RoundRef & { from: Day }) | undefined;
  for (const quiz of quizzes.filter((q) => q.kind === 'contest')) {
    for (const round of quiz.rounds) {
      const w = roundWindow(quiz, round);
      if (w && w.from > today && (!best || w.from < best.from)) best = { quiz, round, from: w.from };
    }
  }
  return best;
}

/** The practice quiz (kind practice), offered whenever no contest round is open. */
export function practiceQuiz(quizzes: readonly Quiz[]): Quiz | undefined {
  return quizzes.find((q) => q.kind === 'practice');
}

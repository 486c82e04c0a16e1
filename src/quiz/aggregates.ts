import type { QuizRound } from '../content/schemas';
import type { RecordStore } from '../stores/ports';
import type { Day } from './availability';
import { type Attempt, questionAt, type Score } from './attempt';

/**
 * Anonymous quiz results: counters by quiz, round and day (the town's calendar day). A document
 * holds numbers only; its id names the quiz, the round and the day, nothing else. Nothing in it
 * can say who answered what: no pseudonym, no time finer than the day, and every answer of a
 * completion is added in one atomic increment of one document, so the document's own
 * bookkeeping cannot tell which options one person chose.
 *
 * Fields of a day's document:
 * - `attempts`: residents who began the round for the first time that day
 * - `completions`: first attempts finished that day
 * - `score:<n>`: first attempts finished with n right answers
 * - `a:<questionId>:<option>`: first attempts that chose that option (its index in the file)
 * - `retakes`, `retakeCompletions`: later attempts, counted only as numbers (a resident who has
 *   seen the answers would blur the picture of what the town knows)
 */
export const DAILY_COLLECTION = 'quiz-daily';

export const dailyId = (quizId: string, roundId: string, day: Day): string => `${quizId}:${roundId}:${day}`;

export const answerField = (questionId: string, option: number): string => `a:${questionId}:${option}`;
export const scoreField = (correct: number): string => `score:${correct}`;

export async function recordStart(records: RecordStore, attempt: Attempt, day: Day): Promise<void> {
  await records.increment(DAILY_COLLECTION, dailyId(attempt.quizId, attempt.roundId, day), attempt.counted ? { attempts: 1 } : { retakes: 1 });
}

export async function recordCompletion(records: RecordStore, round: QuizRound, attempt: Attempt, score: Score, day: Day): Promise<void> {
  const id = dailyId(attempt.quizId, attempt.roundId, day);
  if (!attempt.counted) {
    await records.increment(DAILY_COLLECTION, id, { retakeCompletions: 1 });
    return;
  }
  const deltas: Record<string, number> = { completions: 1, [scoreField(score.correct)]: 1 };
  attempt.order.forEach((_, i) => {
    const { question } = questionAt(round, attempt, i);
    deltas[answerField(question.id, attempt.answers[i]!)] = 1;
  });
  await records.increment(DAILY_COLLECTION, id, deltas);
}

import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { noteReach } from '../src/bot/reach-signal';
import type { Quiz, QuizRound } from '../src/content/schemas';
import { recordCompletion, recordStart } from '../src/quiz/aggregates';
import { type Attempt, emptyMemory, newAttempt, type QuizMemory, roundKey, type Score, scoreAttempt } from '../src/quiz/attempt';
import { dayIn, type Day } from '../src/quiz/availability';
import { recordGroupResult } from '../src/quiz/leaderboard';
import { issuePrizeCode } from '../src/quiz/prize-codes';
import type { DialogDeps } from './deps';

const DAY_MS = 86_400_000;
/** How long the completion claim guards against counting one attempt twice (a retried turn). */
const COMPLETION_CLAIM_MS = 30 * DAY_MS;
/** Prize records are kept for a year, long enough for any prize-giving, then they go. */
const PRIZE_KEEP_MS = 365 * DAY_MS;

export interface Completion {
  score: Score;
  /** Shown once, only to this resident; undefined when the attempt earns none. */
  prizeCode?: string;
}

/**
 * What the quiz feature and its round dialog share: the resident's quiz memory in user state,
 * the town's calendar day, and the side effects of starting and finishing an attempt.
 */
export class QuizFlow {
  private readonly memory: StatePropertyAccessor<QuizMemory>;

  constructor(readonly deps: DialogDeps) {
    this.memory = deps.userState.createProperty<QuizMemory>('quiz');
  }

  /** Today in the town's time zone, from the injected clock (tests move it). */
  today(): Day {
    return dayIn(this.deps.content.area.timezone, this.deps.services.now());
  }

  find(quizId: string, roundId?: string): { quiz: Quiz; round?: QuizRound } | undefined {
    const quiz = this.deps.content.quizzes.find((q) => q.id === quizId);
    if (!quiz) return undefined;
    return { quiz, round: roundId ? quiz.rounds.find((r) => r.id === roundId) : undefined };
  }

  async load(ctx: TurnContext): Promise<QuizMemory> {
    // No default here: reading must not create a record for someone who never played.
    const m = await this.memory.get(ctx);
    return { ...emptyMemory(), ...m };
  }

  async save(ctx: TurnContext, m: QuizMemory): Promise<void> {
    await this.memory.set(ctx, m);
  }

  /** Forgets everything the quiz keeps about this resident (saved with the turn). */
  async forget(ctx: TurnContext): Promise<void> {
    await this.memory.delete(ctx);
  }

  /** A new attempt: the first counts, later ones are practice. Counted anonymously as begun. */
  async begin(ctx: TurnContext, quiz: Quiz, round: QuizRound): Promise<Attempt> {
    const m = await this.load(ctx);
    const attempt = newAttempt(quiz, round, m.done[roundKey(quiz.id, round.id)] === undefined);
    m.open[roundKey(quiz.id, round.id)] = attempt;
    await this.save(ctx, m);
    await recordStart(this.deps.services.records, attempt, this.today());
    return attempt;
  }

  /**
   * Finishes an attempt: the anonymous results (once per attempt, even if the turn is retried),
   * the group tally, a prize code for a top first score of a contest round, the resident's own
   * record of the round, and the reach signal (one per topic the round covered).
   */
  async complete(ctx: TurnContext, quiz: Quiz, round: QuizRound, attempt: Attempt): Promise<Completion> {
    const { records, pseudonyms, config } = this.deps.services;
    const score = scoreAttempt(round, attempt);
    const claimKey = `quiz-complete:${attempt.nonce}`;
    if (await this.deps.state.claim(claimKey, COMPLETION_CLAIM_MS)) {
      try {
        await recordCompletion(records, round, attempt, score, this.today());
        if (attempt.counted && quiz.kind === 'contest') {
          const profile = await this.deps.profile.get(ctx, {});
          await recordGroupResult(records, this.deps.content, {
            quizId: quiz.id, roundId: round.id, group: profile.residentialGroup, correct: score.correct, total: score.total,
          });
        }
      } catch (err) {
        await this.deps.state.unclaim(claimKey);
        throw err;
      }
    }
    let prizeCode: string | undefined;
    const threshold = config.quiz.prizeMinPercent;
    if (attempt.counted && quiz.kind === 'contest' && threshold > 0 && score.correct * 100 >= threshold * score.total) {
      prizeCode = await issuePrizeCode(records, pseudonyms, attempt.nonce, {
        quiz: quiz.id, round: round.id, score: score.correct, total: score.total,
      }, new Date(this.deps.services.now().getTime() + PRIZE_KEEP_MS));
    }
    const m = await this.load(ctx);
    const key = roundKey(quiz.id, round.id);
    delete m.open[key];
    const before = m.done[key];
    m.done[key] = { first: before?.first ?? score.correct, last: score.correct, total: score.total };
    await this.save(ctx, m);
    for (const topic of new Set(round.questions.map((q) => q.topic))) noteReach(ctx, { kind: 'quiz', topic });
    return { score, prizeCode };
  }
}

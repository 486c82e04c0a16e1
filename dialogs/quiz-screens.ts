import type { TurnContext } from 'botbuilder';
import { type Choice, sendChoices } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import type { Quiz, QuizRound } from '../src/content/schemas';
import { type Attempt, LETTERS, questionAt } from '../src/quiz/attempt';
import { nextOpening, openRound, practiceQuiz, roundWindow } from '../src/quiz/availability';
import { leaderboard } from '../src/quiz/leaderboard';
import { menuChoice, menuChoices } from './menu';
import type { Completion, QuizFlow } from './quiz-flow';
import { formatDay, formatMean, loc, questionText } from './quiz-text';

/** Payloads of the quiz. QUIZ_ANSWER and QUIZ_PAUSE belong to a running round (local payloads). */
export const QuizPayload = {
  home: Payload.quiz,
  round: (quizId: string, roundId?: string) => (roundId ? `QUIZ:${quizId}:${roundId}` : `QUIZ:${quizId}`),
  /** `tag` names the attempt, so a button left over from an earlier attempt is not taken as an answer now. */
  answer: (n: number, letter: string, tag: string) => `QUIZ_ANSWER:${n}:${letter.toLowerCase()}:${tag}`,
  pause: 'QUIZ_PAUSE',
  retake: (quizId: string, roundId: string) => `QUIZ_RETAKE:${quizId}:${roundId}`,
  share: (quizId: string, roundId: string) => `QUIZ_SHARE:${quizId}:${roundId}`,
  board: (quizId: string, roundId: string) => `QUIZ_BOARD:${quizId}:${roundId}`,
} as const;

/** A short mark of an attempt for its buttons (not secret: it only tells attempts apart). */
export const attemptTag = (attempt: Attempt): string => attempt.nonce.slice(0, 6);

/** Zalo shows at most five buttons under a message; every quiz screen stays within that. */
const MAX_BUTTONS = 5;

/** The messages of the quiz, apart from the round dialog's own turn logic. */
export class QuizScreens {
  constructor(private readonly flow: QuizFlow) {}

  /** A question, with A/B/C/D buttons and a pause button. */
  async ask(ctx: TurnContext, round: QuizRound, attempt: Attempt, prefix?: string): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const n = attempt.answers.length;
    const { question, shown } = questionAt(round, attempt, n);
    const text = questionText(question, shown, n + 1, attempt.order.length, locale, t);
    const buttons: Choice[] = shown.o.map((_, i) => ({ title: LETTERS[i]!, value: QuizPayload.answer(n + 1, LETTERS[i]!, attemptTag(attempt)) }));
    buttons.push({ title: t('quiz.pause'), value: QuizPayload.pause });
    await sendChoices(ctx, prefix ? `${prefix}\n\n${text}` : text, buttons);
  }

  /** The end of a round: score, what to read next, a prize code if earned, and what to do now. */
  async result(ctx: TurnContext, quiz: Quiz, round: QuizRound, attempt: Attempt, done: Completion): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const { correct, total, missedTopics } = done.score;
    const lines = [t('quiz.finished', { round: loc(round.title, locale), score: correct, total })];
    lines.push(correct === total ? t('quiz.praiseAll') : correct * 10 >= total * 7 ? t('quiz.praiseGood') : t('quiz.praiseTry'));
    const topics = missedTopics.map((id) => this.flow.deps.content.topics.get(id)).filter((x) => x !== undefined);
    if (topics.length > 0) lines.push(t('quiz.readNext', { topics: topics.map((x) => x.title[locale]).join(', ') }));
    if (quiz.kind === 'contest' && attempt.counted) {
      lines.push(t('quiz.counted'));
      const profile = await this.flow.deps.profile.get(ctx, {});
      if (!profile.residentialGroup) lines.push(t('quiz.noGroup'));
    }
    if (done.prizeCode) lines.push(t('quiz.prize', { code: done.prizeCode }));
    const buttons: Choice[] = topics.slice(0, 2).map((x) => ({ title: x.title[locale], value: Payload.topic(x.id) }));
    buttons.push({ title: t('quiz.retake'), value: QuizPayload.retake(quiz.id, round.id) });
    buttons.push({ title: t('quiz.share'), value: QuizPayload.share(quiz.id, round.id) });
    if (quiz.kind === 'contest' && buttons.length < MAX_BUTTONS - 1) buttons.push({ title: t('quiz.board'), value: QuizPayload.board(quiz.id, round.id) });
    buttons.push(menuChoice(ctx));
    await sendChoices(ctx, lines.join('\n\n'), buttons);
  }

  /** Where the resident left off, and how to come back. */
  async paused(ctx: TurnContext, round: QuizRound, attempt: Attempt): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const text = t('quiz.paused', { n: attempt.answers.length + 1, total: attempt.order.length, round: loc(round.title, locale) });
    await sendChoices(ctx, text, menuChoices(ctx));
  }

  /**
   * A round that is not open (not yet, or no longer): when it opens or closed, and what the
   * resident can do instead: the open round of the same quiz, or the practice quiz.
   */
  async notOpen(ctx: TurnContext, quiz: Quiz, round: QuizRound, opts: { abandoned?: boolean } = {}): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const w = roundWindow(quiz, round)!;
    const today = this.flow.today();
    const title = loc(round.title, locale);
    const lines = [
      today < w.from
        ? t('quiz.roundUpcoming', { round: title, from: formatDay(w.from, locale) })
        : t(opts.abandoned ? 'quiz.roundClosedWhileAway' : 'quiz.roundClosed', { round: title, to: formatDay(w.to, locale) }),
    ];
    const buttons: Choice[] = [];
    const open = openRound(quiz, today);
    if (open) {
      lines.push(t('quiz.roundOpenInstead', { round: loc(open.title, locale) }));
      buttons.push({ title: t('quiz.start'), value: QuizPayload.round(quiz.id, open.id) });
    } else {
      const next = nextOpening([quiz], today);
      if (next && next.round.id !== round.id) lines.push(t('quiz.nextRound', { round: loc(next.round.title, locale), from: formatDay(next.from, locale) }));
    }
    await this.offerPractice(ctx, lines, buttons);
  }

  /** No contest round is open anywhere: when the next opens, and the practice quiz meanwhile. */
  async noneOpen(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const next = nextOpening(this.flow.deps.content.quizzes, this.flow.today());
    const lines = [
      next
        ? t('quiz.noneOpenNext', { round: loc(next.round.title, locale), quiz: loc(next.quiz.title, locale), from: formatDay(next.from, locale) })
        : t('quiz.noneOpen'),
    ];
    await this.offerPractice(ctx, lines, []);
  }

  private async offerPractice(ctx: TurnContext, lines: string[], buttons: Choice[]): Promise<void> {
    const { t } = turnInfo(ctx);
    const practice = practiceQuiz(this.flow.deps.content.quizzes);
    if (practice) {
      lines.push(t('quiz.practiceOffer'));
      buttons.push({ title: t('quiz.practice'), value: QuizPayload.round(practice.id) });
    }
    buttons.push(menuChoice(ctx));
    await sendChoices(ctx, lines.join('\n\n'), buttons);
  }

  /** The round's leaderboard by residential group, small groups withheld. */
  async board(ctx: TurnContext, quiz: Quiz, round: QuizRound): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const k = this.flow.deps.services.config.quiz.minGroupSize;
    const board = await leaderboard(this.flow.deps.services.records, this.flow.deps.content, quiz.id, round.id, k);
    const lines = [t('quiz.boardTitle', { round: loc(round.title, locale) })];
    if (board.rows.length === 0) lines.push(t('quiz.boardEmpty', { k }));
    else {
      lines.push(
        board.rows
          .map((r, i) =>
            t('quiz.boardRow', { rank: i + 1, name: r.name, participants: r.participants, mean: formatMean(r.meanCorrect, locale), total: round.questions.length }),
          )
          .join('\n'),
      );
    }
    if (board.suppressedGroups > 0 || board.rows.length > 0) lines.push(t('quiz.boardSuppressed', { k }));
    const profile = await this.flow.deps.profile.get(ctx, {});
    if (!profile.residentialGroup) lines.push(t('quiz.boardNoGroup'));
    await sendChoices(ctx, lines.join('\n\n'), [{ title: t('quiz.title'), value: QuizPayload.home }, menuChoice(ctx)]);
  }

  /** A message the resident can forward; their score only if they finished the round. */
  async share(ctx: TurnContext, quiz: Quiz, round: QuizRound, last: { score: number; total: number } | undefined): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    await ctx.sendActivity(t('quiz.shareIntro'));
    const text = last
      ? t('quiz.shareText', { score: last.score, total: last.total, quiz: loc(quiz.title, locale) })
      : t('quiz.shareTextNoScore', { quiz: loc(quiz.title, locale) });
    await sendChoices(ctx, text, [{ title: t('quiz.title'), value: QuizPayload.home }, menuChoice(ctx)]);
  }
}

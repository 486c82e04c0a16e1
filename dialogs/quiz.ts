import type { TurnContext } from 'botbuilder';
import { type Choice, sendChoices } from '../src/bot/choices';
import type { Feature, RouteOutcome } from '../src/bot/features';
import { turnInfo } from '../src/bot/turn';
import type { Quiz, QuizRound } from '../src/content/schemas';
import { fitsRound, roundKey } from '../src/quiz/attempt';
import { canFinish, nextOpening, openContestRounds, openRound, practiceQuiz, roundStatus, roundWindow } from '../src/quiz/availability';
import type { DialogDeps } from './deps';
import { DialogIds } from './ids';
import { menuChoice } from './menu';
import { QuizFlow } from './quiz-flow';
import { QuizRoundDialog, type QuizRoundOptions } from './quiz-round';
import { QuizPayload, QuizScreens } from './quiz-screens';
import { formatDay, loc, roundMinutes } from './quiz-text';

/**
 * The quiz: the Action Month contest rounds and the year-round practice quiz. Reached from the
 * menu (QUIZ), by typing "đố vui" / "quiz", or by a deep link on a poster
 * (QUIZ:action-month-2026:r2). Rounds are played in QuizRoundDialog; results are counted
 * anonymously (src/quiz/aggregates.ts).
 */
export class QuizFeature {
  private readonly flow: QuizFlow;
  private readonly screens: QuizScreens;
  private readonly dialog: QuizRoundDialog;

  constructor(deps: DialogDeps) {
    this.flow = new QuizFlow(deps);
    this.screens = new QuizScreens(this.flow);
    this.dialog = new QuizRoundDialog(this.flow, this.screens);
  }

  feature(): Feature {
    return {
      name: 'quiz',
      dialogs: [this.dialog],
      payloads: {
        QUIZ: (ctx, [quizId, roundId]) => (quizId ? this.open(ctx, quizId, roundId) : this.home(ctx)),
        // A round's buttons tapped when no round is running (after "menu", days later): back to the quiz.
        QUIZ_ANSWER: (ctx) => this.home(ctx),
        QUIZ_PAUSE: (ctx) => this.home(ctx),
        QUIZ_RETAKE: (ctx, [quizId, roundId]) => this.open(ctx, quizId ?? '', roundId),
        QUIZ_SHARE: (ctx, [quizId, roundId]) => this.share(ctx, quizId ?? '', roundId ?? ''),
        QUIZ_BOARD: (ctx, [quizId, roundId]) => this.board(ctx, quizId ?? '', roundId ?? ''),
      },
      localPayloads: ['QUIZ_ANSWER', 'QUIZ_PAUSE'],
      commands: { quiz: (ctx) => this.home(ctx) },
      forget: (ctx) => this.flow.forget(ctx),
      describeKept: (ctx) => this.describeKept(ctx),
    };
  }

  /** The quiz's front page: the open contest round (resumed at once if half done), or when the next opens. */
  async home(ctx: TurnContext): Promise<RouteOutcome | void> {
    const open = openContestRounds(this.flow.deps.content.quizzes, this.flow.today())[0];
    if (!open) return this.screens.noneOpen(ctx);
    const { quiz, round } = open;
    const m = await this.flow.load(ctx);
    const key = roundKey(quiz.id, round.id);
    if (m.open[key]) return this.open(ctx, quiz.id, round.id);

    const { t, locale } = turnInfo(ctx);
    const title = loc(round.title, locale);
    const lines = [loc(quiz.title, locale)];
    const buttons: Choice[] = [];
    const done = m.done[key];
    if (done) {
      lines.push(t('quiz.homeDone', { round: title, score: done.first, total: done.total }));
      const next = nextOpening([quiz], this.flow.today());
      if (next) lines.push(t('quiz.nextRound', { round: loc(next.round.title, locale), from: formatDay(next.from, locale) }));
      buttons.push({ title: t('quiz.retake'), value: QuizPayload.retake(quiz.id, round.id) });
    } else {
      const count = round.questions.length;
      lines.push(t('quiz.homeOpen', { round: title, to: formatDay(roundWindow(quiz, round)!.to, locale), count, minutes: roundMinutes(count) }));
      buttons.push({ title: t('quiz.start'), value: QuizPayload.round(quiz.id, round.id) });
    }
    buttons.push({ title: t('quiz.board'), value: QuizPayload.board(quiz.id, round.id) });
    const practice = practiceQuiz(this.flow.deps.content.quizzes);
    if (practice) buttons.push({ title: t('quiz.practice'), value: QuizPayload.round(practice.id) });
    buttons.push(menuChoice(ctx));
    await sendChoices(ctx, lines.join('\n\n'), buttons);
  }

  /**
   * A quiz, or one round of it (a deep link): resumes a half-done attempt, starts a new one
   * (a retake once the round is done), or says when the round opens or that it closed.
   */
  async open(ctx: TurnContext, quizId: string, roundId?: string): Promise<RouteOutcome | void> {
    const found = this.flow.find(quizId, roundId);
    if (!found || (roundId && !found.round)) {
      await ctx.sendActivity(turnInfo(ctx).t('quiz.notFound'));
      return this.home(ctx);
    }
    const { quiz } = found;
    const today = this.flow.today();
    const round = found.round ?? openRound(quiz, today);
    if (!round) return this.screens.notOpen(ctx, quiz, nextOpening([quiz], today)?.round ?? quiz.rounds[quiz.rounds.length - 1]!);

    const m = await this.flow.load(ctx);
    const key = roundKey(quiz.id, round.id);
    let attempt = m.open[key];
    if (attempt && (!fitsRound(attempt, round) || !canFinish(quiz, round, today))) {
      // The round was edited, or closed, since: that attempt cannot go on.
      delete m.open[key];
      await this.flow.save(ctx, m);
      attempt = undefined;
    }
    const { t, locale } = turnInfo(ctx);
    const title = loc(round.title, locale);
    if (attempt) {
      const intro = t('quiz.resume', { round: title, n: attempt.answers.length + 1, total: attempt.order.length });
      return this.beginRound(quiz, round, intro);
    }
    if (roundStatus(quiz, round, today) !== 'open') return this.screens.notOpen(ctx, quiz, round);
    const done = m.done[key];
    await this.flow.begin(ctx, quiz, round);
    const intro = !done
      ? t('quiz.intro', { round: title, count: round.questions.length })
      : quiz.kind === 'contest'
        ? t('quiz.introRetake', { round: title, score: done.first, total: done.total })
        : t('quiz.introAgain', { round: title, score: done.last, total: done.total });
    return this.beginRound(quiz, round, intro);
  }

  private beginRound(quiz: Quiz, round: QuizRound, intro: string): RouteOutcome {
    const options: QuizRoundOptions = { quizId: quiz.id, roundId: round.id, intro };
    return { begin: { dialogId: DialogIds.quizRound, options } };
  }

  async share(ctx: TurnContext, quizId: string, roundId: string): Promise<RouteOutcome | void> {
    const found = this.flow.find(quizId, roundId);
    if (!found?.round) return this.home(ctx);
    const done = (await this.flow.load(ctx)).done[roundKey(quizId, roundId)];
    await this.screens.share(ctx, found.quiz, found.round, done ? { score: done.last, total: done.total } : undefined);
  }

  async board(ctx: TurnContext, quizId: string, roundId: string): Promise<RouteOutcome | void> {
    const found = this.flow.find(quizId, roundId);
    if (!found?.round) return this.home(ctx);
    await this.screens.board(ctx, found.quiz, found.round);
  }

  /** In plain words, what the quiz keeps about this resident (for "what do you keep about me"). */
  async describeKept(ctx: TurnContext): Promise<string[]> {
    const { t, locale } = turnInfo(ctx);
    const m = await this.flow.load(ctx);
    const lines: string[] = [];
    for (const a of Object.values(m.open)) {
      const round = this.flow.find(a.quizId, a.roundId)?.round;
      if (round) lines.push(t('quiz.keptOpen', { round: loc(round.title, locale), n: a.answers.length + 1, total: a.order.length }));
    }
    if (Object.keys(m.done).length > 0) lines.push(t('quiz.keptDone'));
    return lines;
  }
}

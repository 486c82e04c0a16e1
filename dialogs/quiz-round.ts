import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { sendChoices } from '../src/bot/choices';
import { parsePayload } from '../src/bot/payloads';
import { inputText, turnInfo } from '../src/bot/turn';
import type { Quiz, QuizRound } from '../src/content/schemas';
import { type Attempt, fitsRound, LETTERS, parseTypedAnswer, questionAt, roundKey } from '../src/quiz/attempt';
import { canFinish } from '../src/quiz/availability';
import { simplify } from '../src/search/normalize';
import { DialogIds } from './ids';
import type { ChildResult } from './main-dialog';
import type { QuizFlow } from './quiz-flow';
import { attemptTag, QuizPayload, type QuizScreens } from './quiz-screens';
import { feedbackText, letterList, loc, numberList, shownOptionTexts } from './quiz-text';

export interface QuizRoundOptions {
  quizId: string;
  roundId: string;
  /** Said before the first question shown this time (the round's intro, or "welcome back"). */
  intro?: string;
}

interface RoundDialogState {
  quizId: string;
  roundId: string;
}

/**
 * One round, one question per turn. The dialog's own state only names the round: the attempt
 * (order, answers) lives in the resident's user state, so "menu" can cancel this dialog at any
 * time and the round resumes later at the same question, even after a restart.
 */
export class QuizRoundDialog extends Dialog<QuizRoundOptions> {
  constructor(
    private readonly flow: QuizFlow,
    private readonly screens: QuizScreens,
  ) {
    super(DialogIds.quizRound);
  }

  override async beginDialog(dc: DialogContext, options?: QuizRoundOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    dc.activeDialog!.state = { quizId: options.quizId, roundId: options.roundId } satisfies RoundDialogState;
    const current = await this.current(dc.context, dc.activeDialog!.state as RoundDialogState);
    if (!current) return dc.endDialog();
    await this.screens.ask(dc.context, current.round, current.attempt, options.intro);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const ctx = dc.context;
    const { t } = turnInfo(ctx);
    const current = await this.current(ctx, dc.activeDialog!.state as RoundDialogState);
    if (!current) {
      // Forgotten ("delete my data") or finished elsewhere: nothing to continue.
      return dc.endDialog({ reroute: inputText(ctx) } satisfies ChildResult);
    }
    const { quiz, round, attempt } = current;
    if (!fitsRound(attempt, round)) {
      // An editor changed the round while this resident was half-way: start it again, kindly.
      await this.abandon(ctx, quiz, round);
      await ctx.sendActivity(t('quiz.roundChanged', { round: loc(round.title, turnInfo(ctx).locale) }));
      return dc.endDialog({ reroute: QuizPayload.round(quiz.id, round.id) } satisfies ChildResult);
    }
    if (!canFinish(quiz, round, this.flow.today())) {
      await this.abandon(ctx, quiz, round);
      await this.screens.notOpen(ctx, quiz, round, { abandoned: true });
      return dc.endDialog();
    }

    const input = inputText(ctx) ?? '';
    const position = attempt.answers.length;
    const { question, shown } = questionAt(round, attempt, position);
    const texts = shownOptionTexts(question, shown, turnInfo(ctx).locale);
    // Only the round's own payloads: "B" or "OK" typed in capitals also look like payloads.
    const payload = parsePayload(input);
    const own = payload?.kind === 'QUIZ_PAUSE' || payload?.kind === 'QUIZ_ANSWER' ? payload : undefined;
    let choice: number | undefined;
    if (own?.kind === 'QUIZ_PAUSE') {
      await this.screens.paused(ctx, round, attempt);
      return dc.endDialog();
    } else if (own?.kind === 'QUIZ_ANSWER') {
      const [n, letter, tag] = own.args;
      if (Number(n) !== position + 1 || (tag !== undefined && tag !== attemptTag(attempt))) {
        // A button of a question already answered (a double tap, scrolling back, an earlier attempt): counted once.
        await this.screens.ask(ctx, round, attempt, t('quiz.stale'));
        return Dialog.EndOfTurn;
      }
      const i = LETTERS.findIndex((l) => l.toLowerCase() === letter);
      choice = i >= 0 && i < texts.length ? i : undefined;
    } else {
      choice = parseTypedAnswer(input, texts);
      if (choice === undefined && looksLikeQuestion(input)) {
        // Someone asking something else mid-quiz gets their answer; the round waits for them.
        await ctx.sendActivity(t('quiz.pausedForQuestion'));
        return dc.endDialog({ reroute: input } satisfies ChildResult);
      }
    }
    if (choice === undefined) {
      await this.reaskPolitely(ctx, round, attempt, texts.length);
      return Dialog.EndOfTurn;
    }

    attempt.answers.push(shown.o[choice]!);
    await this.saveAttempt(ctx, attempt);
    await ctx.sendActivity(feedbackText(question, shown, shown.o[choice]!, turnInfo(ctx).locale, t));
    if (attempt.answers.length < attempt.order.length) {
      await this.screens.ask(ctx, round, attempt);
      return Dialog.EndOfTurn;
    }
    const done = await this.flow.complete(ctx, quiz, round, attempt);
    await this.screens.result(ctx, quiz, round, attempt, done);
    return dc.endDialog();
  }

  private async current(ctx: TurnContext, st: RoundDialogState): Promise<{ quiz: Quiz; round: QuizRound; attempt: Attempt } | undefined> {
    const found = this.flow.find(st.quizId, st.roundId);
    if (!found?.round) return undefined;
    const attempt = (await this.flow.load(ctx)).open[roundKey(st.quizId, st.roundId)];
    return attempt ? { quiz: found.quiz, round: found.round, attempt } : undefined;
  }

  private async saveAttempt(ctx: TurnContext, attempt: Attempt): Promise<void> {
    const m = await this.flow.load(ctx);
    m.open[roundKey(attempt.quizId, attempt.roundId)] = attempt;
    await this.flow.save(ctx, m);
  }

  private async abandon(ctx: TurnContext, quiz: Quiz, round: QuizRound): Promise<void> {
    const m = await this.flow.load(ctx);
    delete m.open[roundKey(quiz.id, round.id)];
    await this.flow.save(ctx, m);
  }

  /** Not an answer: say how to answer, with the same buttons. Nothing is counted. */
  private async reaskPolitely(ctx: TurnContext, round: QuizRound, attempt: Attempt, count: number): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const n = attempt.answers.length;
    const text = t('quiz.invalid', { n: n + 1, round: loc(round.title, locale), letters: letterList(count, t), numbers: numberList(count, t) });
    const buttons = LETTERS.slice(0, count).map((l) => ({ title: l, value: QuizPayload.answer(n + 1, l, attemptTag(attempt)) }));
    await sendChoices(ctx, text, [...buttons, { title: t('quiz.pause'), value: QuizPayload.pause }]);
  }
}

/** Four words or a question mark: a question of its own rather than a slip of the thumb. */
export function looksLikeQuestion(input: string): boolean {
  return input.includes('?') || simplify(input).split(' ').filter(Boolean).length >= 4;
}

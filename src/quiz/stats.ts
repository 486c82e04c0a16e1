import type { Quiz, QuizRound } from '../content/schemas';
import type { Content } from '../content/types';
import type { RecordStore } from '../stores/ports';
import type { Day, Window } from './availability';
import { roundWindow } from './availability';
import { answerField, DAILY_COLLECTION, dailyId } from './aggregates';
import { correctIndex } from './attempt';

/**
 * The officer view of the quiz: per quiz and round, participation, completion rate, mean score,
 * and the questions most often answered wrong with the wrong option chosen most: the
 * misconceptions the town's campaign should address. The dashboard calls this; so does
 * `npm run quiz -- stats`.
 *
 * Below k completions a round's scores and answers are withheld (null): with two players, a mean
 * score or an answer count says what each of them answered.
 */
export interface Misconception {
  questionId: string;
  topic: string;
  text: { vi: string; en?: string };
  /** First attempts that answered this question. */
  answered: number;
  wrong: number;
  wrongShare: number;
  /** The wrong option chosen most often, with its text as written in the quiz file. */
  option: { index: number; text: { vi: string; en?: string }; count: number };
}

export interface RoundStats {
  quizId: string;
  roundId: string;
  title: { vi: string; en?: string };
  window?: Window;
  questions: number;
  /** Residents who began the round (first attempts). */
  attempts: number;
  completions: number;
  /** completions / attempts; null before anyone began. */
  completionRate: number | null;
  /** Mean right answers per completed first attempt; null when withheld or none. */
  meanScore: number | null;
  /** How many completions scored 0, 1, … `questions`; null when withheld. */
  scoreDistribution: number[] | null;
  retakes: number;
  retakeCompletions: number;
  byDay: Array<{ day: Day; attempts: number; completions: number }>;
  /** Most-missed questions first; null when withheld (fewer than k completions). */
  misconceptions: Misconception[] | null;
  withheld: boolean;
}

export interface QuizStats {
  quizId: string;
  kind: Quiz['kind'];
  title: { vi: string; en?: string };
  rounds: RoundStats[];
}

export interface StatsOptions {
  /** Smallest number of completions for which scores and answers are shown. */
  k: number;
  /** How many misconceptions per round (default 5). */
  top?: number;
  /** One quiz only. */
  quizId?: string;
  /** Days to include, inclusive (default: all). */
  from?: Day;
  to?: Day;
}

export async function quizStats(records: RecordStore, content: Content, opts: StatsOptions): Promise<QuizStats[]> {
  const quizzes = content.quizzes.filter((q) => !opts.quizId || q.id === opts.quizId);
  const out: QuizStats[] = [];
  for (const quiz of quizzes) {
    const rounds: RoundStats[] = [];
    for (const round of quiz.rounds) rounds.push(await roundStats(records, quiz, round, opts));
    out.push({ quizId: quiz.id, kind: quiz.kind, title: quiz.title, rounds });
  }
  return out;
}

async function roundStats(records: RecordStore, quiz: Quiz, round: QuizRound, opts: StatsOptions): Promise<RoundStats> {
  const prefix = dailyId(quiz.id, round.id, '');
  const days = (await records.list<Record<string, number>>(DAILY_COLLECTION, { prefix }))
    .map((r) => ({ day: r.id.slice(prefix.length), doc: r.doc }))
    .filter((d) => (!opts.from || d.day >= opts.from) && (!opts.to || d.day <= opts.to));
  const sum: Record<string, number> = {};
  for (const d of days) for (const [k, v] of Object.entries(d.doc)) sum[k] = (sum[k] ?? 0) + v;
  const n = (field: string) => sum[field] ?? 0;

  const questions = round.questions.length;
  const attempts = n('attempts');
  const completions = n('completions');
  const withheld = completions < opts.k;
  const distribution = Array.from({ length: questions + 1 }, (_, i) => n(`score:${i}`));
  const totalRight = distribution.reduce((acc, c, i) => acc + c * i, 0);

  return {
    quizId: quiz.id,
    roundId: round.id,
    title: round.title,
    window: roundWindow(quiz, round),
    questions,
    attempts,
    completions,
    completionRate: attempts > 0 ? completions / attempts : null,
    meanScore: withheld || completions === 0 ? null : totalRight / completions,
    scoreDistribution: withheld ? null : distribution,
    retakes: n('retakes'),
    retakeCompletions: n('retakeCompletions'),
    byDay: days.map((d) => ({ day: d.day, attempts: d.doc.attempts ?? 0, completions: d.doc.completions ?? 0 })),
    misconceptions: withheld ? null : misconceptions(round, n, opts.top ?? 5),
    withheld,
  };
}

function misconceptions(round: QuizRound, n: (field: string) => number, top: number): Misconception[] {
  const list: Misconception[] = [];
  for (const q of round.questions) {
    const counts = q.options.map((_, i) => n(answerField(q.id, i)));
    const answered = counts.reduce((a, b) => a + b, 0);
    const right = correctIndex(q);
    const wrong = answered - counts[right]!;
    if (answered === 0 || wrong === 0) continue;
    let worst = -1;
    counts.forEach((c, i) => {
      if (i !== right && (worst < 0 || c > counts[worst]!)) worst = i;
    });
    list.push({
      questionId: q.id,
      topic: q.topic,
      text: q.text,
      answered,
      wrong,
      wrongShare: wrong / answered,
      option: { index: worst, text: q.options[worst]!.text, count: counts[worst]! },
    });
  }
  return list.sort((a, b) => b.wrongShare - a.wrongShare || b.wrong - a.wrong || a.questionId.localeCompare(b.questionId)).slice(0, top);
}

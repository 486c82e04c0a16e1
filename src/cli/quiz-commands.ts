import type { Content } from '../content/types';
import type { Pseudonymizer } from '../privacy/crypto';
import type { Day } from '../quiz/availability';
import { leaderboard } from '../quiz/leaderboard';
import { type PrizeCheck, redeemPrizeCode, verifyPrizeCode } from '../quiz/prize-codes';
import { quizStats } from '../quiz/stats';

const formatDay = (day: Day) => day.split('-').reverse().map(Number).join('/');
import type { RecordStore } from '../stores/ports';

export interface QuizCliDeps {
  records: RecordStore;
  pseudonyms: Pseudonymizer;
  content: Content;
  today: Day;
  /** Smallest group (and round) shown. */
  k: number;
}

export const QUIZ_CLI_USAGE = [
  'usage: npm run quiz -- <command>',
  '  verify <code>            kiểm tra mã dự thưởng (không đánh dấu đã dùng)',
  '  redeem <code>            kiểm tra và đánh dấu mã đã trao giải (chỉ được một lần)',
  '  stats [quiz-id] [--json] số liệu ẩn danh: tham gia, hoàn thành, điểm, câu hay sai',
  '  board <quiz-id> [round]  bảng xếp hạng theo thôn, tổ dân phố',
].join('\n');

/**
 * The quiz commands an officer runs at the commune office. Returns what to print and the exit
 * code, so tests run it without a process. A prize check says only the round and the score: the
 * store does not know who holds a code.
 */
export async function runQuizCommand(args: string[], deps: QuizCliDeps): Promise<{ code: number; out: string }> {
  const [command, ...rest] = args;
  const json = rest.includes('--json');
  const params = rest.filter((a) => !a.startsWith('--'));
  switch (command) {
    case 'verify':
    case 'redeem': {
      if (!params[0]) return { code: 2, out: QUIZ_CLI_USAGE };
      const check =
        command === 'verify'
          ? await verifyPrizeCode(deps.records, deps.pseudonyms, params.join(''))
          : await redeemPrizeCode(deps.records, deps.pseudonyms, params.join(''), deps.today);
      return describeCheck(check, command, deps.content);
    }
    case 'stats': {
      const stats = await quizStats(deps.records, deps.content, { k: deps.k, quizId: params[0] });
      if (json) return { code: 0, out: JSON.stringify(stats, null, 2) };
      const lines: string[] = [];
      for (const q of stats) {
        lines.push(`${q.quizId} (${q.kind}): ${q.title.vi}`);
        for (const r of q.rounds) {
          const rate = r.completionRate === null ? '–' : `${Math.round(r.completionRate * 100)}%`;
          const mean = r.meanScore === null ? (r.withheld && r.completions > 0 ? `ẩn (dưới ${deps.k} lượt)` : '–') : `${r.meanScore.toFixed(1)}/${r.questions}`;
          lines.push(`  ${r.roundId}: bắt đầu ${r.attempts}, hoàn thành ${r.completions} (${rate}), điểm trung bình ${mean}, làm lại ${r.retakes}`);
          for (const m of r.misconceptions ?? []) {
            lines.push(`    - ${m.questionId} sai ${m.wrong}/${m.answered} (${Math.round(m.wrongShare * 100)}%): hay chọn "${m.option.text.vi}" (${m.option.count})`);
          }
        }
      }
      return { code: 0, out: lines.join('\n') };
    }
    case 'board': {
      const quiz = deps.content.quizzes.find((q) => q.id === params[0]);
      if (!quiz) return { code: 2, out: `không có quiz "${params[0] ?? ''}"\n${QUIZ_CLI_USAGE}` };
      const b = await leaderboard(deps.records, deps.content, quiz.id, params[1], deps.k);
      const lines = b.rows.map((r, i) => `${i + 1}. ${r.name}: ${r.participants} lượt, trung bình ${Math.round(r.meanShare * 100)}% câu đúng`);
      if (lines.length === 0) lines.push(`(chưa nơi nào đủ ${deps.k} người)`);
      if (b.suppressedGroups > 0) lines.push(`${b.suppressedGroups} nơi dưới ${deps.k} người không được hiện.`);
      return { code: 0, out: lines.join('\n') };
    }
    default:
      return { code: 2, out: QUIZ_CLI_USAGE };
  }
}

function describeCheck(check: PrizeCheck, command: 'verify' | 'redeem', content: Content): { code: number; out: string } {
  if (check.status === 'unknown') return { code: 1, out: 'Mã không hợp lệ: không có mã này (kiểm tra lại từng ký tự).' };
  const quiz = content.quizzes.find((q) => q.id === check.quiz);
  const round = quiz?.rounds.find((r) => r.id === check.round);
  const what = `${round?.title.vi ?? check.round} (${quiz?.title.vi ?? check.quiz}), ${check.score}/${check.total} câu đúng`;
  // redeem answers 'valid' when it has just marked the code; 'redeemed' means someone already had.
  if (check.status === 'redeemed') return { code: 3, out: `Mã đã được dùng ngày ${formatDay(check.redeemedOn!)}: ${what}.` };
  return { code: 0, out: command === 'redeem' ? `Đã ghi nhận trao giải: ${what}.` : `Mã hợp lệ, chưa dùng: ${what}.` };
}

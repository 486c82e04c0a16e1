import type { Content } from '../content/types';
import type { RecordStore } from '../stores/ports';

/**
 * Friendly competition between residential groups (thôn, tổ dân phố) without identities: per
 * quiz and round, how many residents of a group finished the round (first attempts only) and
 * their right answers in total. Only residents who chose a group in their settings count.
 * Groups with fewer than k participants are not shown (small-cell suppression), because a mean
 * over two or three neighbours says too much about each of them.
 */
export const GROUP_COLLECTION = 'quiz-groups';

export interface GroupTally {
  participants: number;
  correct: number;
  questions: number;
}

export const groupId = (quizId: string, roundId: string, group: string): string => `${quizId}:${roundId}:${group}`;

/** Adds one finished first attempt to its group. Unknown groups (not in area.yaml) are ignored. */
export async function recordGroupResult(
  records: RecordStore,
  content: Content,
  r: { quizId: string; roundId: string; group: string | undefined; correct: number; total: number },
): Promise<void> {
  if (!r.group || !content.area.residentialGroups.some((g) => g.id === r.group)) return;
  await records.increment(GROUP_COLLECTION, groupId(r.quizId, r.roundId, r.group), { participants: 1, correct: r.correct, questions: r.total });
}

export interface LeaderboardRow {
  group: string;
  name: string;
  participants: number;
  /** Mean right answers per participant. */
  meanCorrect: number;
  /** Mean share of right answers, 0–1 (comparable across rounds of different lengths). */
  meanShare: number;
}

export interface Leaderboard {
  rows: LeaderboardRow[];
  /** Groups that took part but have fewer than k participants: counted, never shown. */
  suppressedGroups: number;
  k: number;
}

/**
 * The leaderboard of a round, or of a whole quiz (all rounds summed: participants then counts
 * finished rounds, not people) when `roundId` is omitted. Sorted by mean share, then participation.
 */
export async function leaderboard(records: RecordStore, content: Content, quizId: string, roundId: string | undefined, k: number): Promise<Leaderboard> {
  const prefix = roundId ? `${quizId}:${roundId}:` : `${quizId}:`;
  const docs = await records.list<Partial<GroupTally>>(GROUP_COLLECTION, { prefix });
  const byGroup = new Map<string, GroupTally>();
  for (const d of docs) {
    const group = d.id.split(':')[2]!;
    const t = byGroup.get(group) ?? { participants: 0, correct: 0, questions: 0 };
    t.participants += d.doc.participants ?? 0;
    t.correct += d.doc.correct ?? 0;
    t.questions += d.doc.questions ?? 0;
    byGroup.set(group, t);
  }
  const rows: LeaderboardRow[] = [];
  let suppressedGroups = 0;
  for (const [group, t] of byGroup) {
    if (t.participants < k) {
      if (t.participants > 0) suppressedGroups++;
      continue;
    }
    const name = content.area.residentialGroups.find((g) => g.id === group)?.name ?? group;
    rows.push({ group, name, participants: t.participants, meanCorrect: t.correct / t.participants, meanShare: t.questions ? t.correct / t.questions : 0 });
  }
  rows.sort((a, b) => b.meanShare - a.meanShare || b.participants - a.participants || a.group.localeCompare(b.group));
  return { rows, suppressedGroups, k };
}

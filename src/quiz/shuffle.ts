import type { QuizRound } from '../content/schemas';
import { mulberry32 } from '../util/random';

/**
 * Deterministic shuffling for one attempt. Each attempt draws a random 32-bit seed; the order of
 * questions and of each question's options follows from it (Mulberry32, src/util/random.ts), so a
 * resumed attempt shows the same order, and a new attempt (a retake) a different one.
 */
export { mulberry32 };

/** Fisher–Yates (Durstenfeld) on a copy: every permutation equally likely for a uniform `random`. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One question as shown in an attempt: its id and its options' original indices, in display order. */
export interface ShownQuestion {
  q: string;
  o: number[];
}

/** The order of questions and options for the attempt with this seed. */
export function attemptOrder(round: QuizRound, seed: number): ShownQuestion[] {
  const random = mulberry32(seed);
  return shuffle(round.questions, random).map((q) => ({
    q: q.id,
    o: shuffle(
      q.options.map((_, i) => i),
      random,
    ),
  }));
}

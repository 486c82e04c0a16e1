import type { QuizRound } from '../content/schemas';

/**
 * Deterministic shuffling for one attempt. Each attempt draws a random 32-bit seed; the order of
 * questions and of each question's options follows from it, so a resumed attempt shows the same
 * order, and a new attempt (a retake) a different one.
 *
 * The generator is Mulberry32 (Tommy Ettinger, public domain): 32 bits of state, passes
 * gjrand/PractRand at the sizes used here (a few dozen draws), and is small enough to read.
 * It is not cryptographic, and need not be: the seed itself comes from crypto.randomBytes.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

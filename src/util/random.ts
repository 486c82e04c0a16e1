/**
 * A small seeded generator of numbers in [0, 1): the same seed gives the same sequence (quiz
 * attempts resumed in the same order, benchmarks and tests that replay the same data).
 *
 * Mulberry32 (Tommy Ettinger, public domain): 32 bits of state, passes
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

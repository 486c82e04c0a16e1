/** A figure in a report: a number, or a string standing for a figure hidden to protect people. */
export type Cell = number | string;

/**
 * Small-cell suppression. Any count below `k` becomes `"<k"` so nobody can be singled out from
 * a small group ("the only woman over 60 in group 3 read about violence"). When exactly one cell
 * of a breakdown is hidden, it could be recovered by subtracting the others from the total, so
 * the smallest cell still shown is hidden too, as `"≥k"` (true: it was at least k).
 */
export function suppressCells(counts: readonly number[], k: number): Cell[] {
  const out: Cell[] = counts.map((c) => (c < k ? `<${k}` : c));
  const hidden = counts.filter((c) => c < k).length;
  if (hidden === 1 && counts.length > 1) {
    let smallest = -1;
    counts.forEach((c, i) => {
      if (c >= k && (smallest < 0 || c < counts[smallest]!)) smallest = i;
    });
    if (smallest >= 0) out[smallest] = `≥${k}`;
  }
  return out;
}

/** One figure on its own (support deliveries): below `k` becomes `"<k"`. */
export function suppressFigure(count: number, k: number): Cell {
  return count < k ? `<${k}` : count;
}

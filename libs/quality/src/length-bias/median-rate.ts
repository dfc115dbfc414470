/**
 * The median of wins[g] / totals[g] over the groups with totals[g] ≥ minN — a
 * baseline rate that a minority of biased groups cannot move. Falls back to the
 * pooled rate when no group qualifies, and to 0.5 when there is no data at all.
 *
 * @example
 * medianRate(Int32Array.of(5, 6, 9), Int32Array.of(10, 10, 10), 1); // 0.6
 * @throws never.
 */
export function medianRate(wins: Int32Array, totals: Int32Array, minN: number): number {
  const rates: number[] = [];
  let w = 0;
  let t = 0;
  for (let g = 0; g < totals.length; g++) {
    w += wins[g];
    t += totals[g];
    if (totals[g] >= minN && totals[g] > 0) rates.push(wins[g] / totals[g]);
  }
  if (rates.length === 0) return t > 0 ? w / t : 0.5;
  rates.sort((a, b) => a - b);
  const mid = rates.length >> 1;
  return rates.length % 2 === 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
}

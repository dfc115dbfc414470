/**
 * The ranks (1-based) of `values` in ascending order, ties sharing the mean of
 * the ranks they span (midranks). O(n log n).
 * @example midranks([3, 1, 3]) // [2.5, 1, 2.5]
 * @throws never
 */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

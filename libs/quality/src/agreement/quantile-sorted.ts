import { invalidInput } from './invalid-input';

/**
 * The p-quantile of an ascending array by linear interpolation between order
 * statistics — Hyndman & Fan (1996) definition 7, the default of R's
 * `quantile` and numpy's `percentile`: h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @example
 * quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25); // 3.25
 * @throws ValidationError when the array is empty or p is outside [0, 1].
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw invalidInput('quantileSorted', 'sorted', 'must hold at least one value');
  if (!(p >= 0 && p <= 1)) throw invalidInput('quantileSorted', 'p', 'must be between 0 and 1');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

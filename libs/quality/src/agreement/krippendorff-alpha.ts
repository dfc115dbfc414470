import { invalidInput } from './invalid-input';
import { orderCategories } from './order-categories';
import type { Label, RatingMatrix } from './ratings';
import { validateRatings } from './validate-ratings';

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's alpha, α = 1 − D_o / D_e, from the coincidence matrix of the
 * pairable values (units with at least two ratings; missing ratings allowed),
 * following Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability".
 * Difference functions δ²(c, k): nominal [c ≠ k]; ordinal
 * (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the value marginals n_g; interval
 * (c − k)²; ratio ((c − k)/(c + k))². Ordinal needs numbers or
 * `options.categories` for the order; interval and ratio need numbers (ratio:
 * non-negative). Returns NaN when all pairable values are equal (D_e = 0).
 *
 * @example
 * krippendorffAlpha([[1, 1], [2, 2], [3, 3], [1, 2]], { level: 'interval' });
 * @throws ValidationError when the data are malformed (see validateRatings), no
 *   unit has two ratings, the level is unknown, or the labels do not suit the level.
 */
export function krippendorffAlpha(
  ratings: RatingMatrix,
  options: { level?: MeasurementLevel; categories?: readonly Label[] } = {},
): number {
  const fn = 'krippendorffAlpha';
  const shape = validateRatings(fn, ratings);
  const level = options.level ?? 'nominal';
  if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(level)) {
    throw invalidInput(fn, 'options.level', 'must be nominal, ordinal, interval or ratio');
  }
  if ((level === 'interval' || level === 'ratio') && shape.kind === 'string') {
    throw invalidInput(fn, 'ratings', `must be numbers for the ${level} level`);
  }
  const units = ratings
    .map((row) => row.filter((cell): cell is Label => cell !== null))
    .filter((row) => row.length >= 2);
  if (units.length === 0) throw invalidInput(fn, 'ratings', 'must have at least one unit rated by two or more raters');
  if (level === 'ratio' && units.some((unit) => unit.some((v) => (v as number) < 0))) {
    throw invalidInput(fn, 'ratings', 'must be non-negative numbers for the ratio level');
  }
  const values = orderCategories(
    fn,
    units.flat(),
    level === 'ordinal' ? options.categories : undefined,
    level === 'ordinal',
  );
  const v = values.length;
  const index = new Map<Label, number>(values.map((value, i) => [value, i]));

  const coincidence = values.map(() => new Array<number>(v).fill(0));
  for (const unit of units) {
    const counts = new Array<number>(v).fill(0);
    for (const label of unit) counts[index.get(label) as number]++;
    const m = unit.length;
    for (let c = 0; c < v; c++) {
      if (counts[c] === 0) continue;
      for (let k = 0; k < v; k++) {
        if (counts[k] === 0) continue;
        coincidence[c][k] += (counts[c] * (c === k ? counts[k] - 1 : counts[k])) / (m - 1);
      }
    }
  }
  const marginals = coincidence.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);

  const delta = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'ordinal': {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += marginals[g];
        return (sum - (marginals[lo] + marginals[hi]) / 2) ** 2;
      }
      case 'interval':
        return ((values[c] as number) - (values[k] as number)) ** 2;
      case 'ratio': {
        const a = values[c] as number;
        const b = values[k] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      }
      default: {
        const unknown: never = level;
        throw invalidInput(fn, 'options.level', `is unknown (${String(unknown)})`);
      }
    }
  };

  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = delta(c, k);
      observed += coincidence[c][k] * d;
      expected += marginals[c] * marginals[k] * d;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

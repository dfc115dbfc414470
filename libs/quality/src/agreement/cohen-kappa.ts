import { invalidInput } from './invalid-input';
import { orderCategories } from './order-categories';
import type { Label, RatingMatrix } from './ratings';
import { validateRatings } from './validate-ratings';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa between two raters, unweighted or with linear or quadratic
 * disagreement weights: κ = 1 − Σ w·observed / Σ w·expected, where expected is
 * the product of the two raters' marginals and w(i, j) = [i ≠ j], |i − j| or
 * (i − j)² over the category indices. Units where either rating is missing are
 * left out. Categories are the observed labels in order (numbers ascending) or
 * `options.categories`; weighted kappa on string labels needs `categories`.
 * Returns NaN when chance agreement is perfect (both raters used one category).
 *
 * @example
 * cohenKappa([['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']]); // 0.5
 * cohenKappa([[1, 1], [2, 3], [3, 3]], { weights: 'quadratic' });
 * @throws ValidationError when the data do not have exactly two rater columns,
 *   hold an invalid cell, no unit is rated by both raters, or an ordered
 *   weighting meets string labels without `categories`.
 */
export function cohenKappa(
  ratings: RatingMatrix,
  options: { weights?: KappaWeights; categories?: readonly Label[] } = {},
): number {
  const fn = 'cohenKappa';
  validateRatings(fn, ratings, { exactRaters: 2 });
  const weights = options.weights ?? 'none';
  if (!['none', 'linear', 'quadratic'].includes(weights))
    throw invalidInput(fn, 'options.weights', 'must be none, linear or quadratic');
  const pairs = ratings.filter((row) => row[0] !== null && row[1] !== null) as unknown as readonly [Label, Label][];
  if (pairs.length === 0) throw invalidInput(fn, 'ratings', 'must have at least one unit rated by both raters');
  const categories = orderCategories(fn, pairs.flat(), options.categories, weights !== 'none');
  const k = categories.length;
  const index = new Map<Label, number>(categories.map((c, i) => [c, i]));
  const observed = categories.map(() => new Array<number>(k).fill(0));
  const rowMargin = new Array<number>(k).fill(0);
  const colMargin = new Array<number>(k).fill(0);
  for (const [a, b] of pairs) {
    const i = index.get(a) as number;
    const j = index.get(b) as number;
    observed[i][j] += 1;
    rowMargin[i] += 1;
    colMargin[j] += 1;
  }
  const n = pairs.length;
  const weight = (i: number, j: number): number =>
    weights === 'linear' ? Math.abs(i - j) : weights === 'quadratic' ? (i - j) ** 2 : i === j ? 0 : 1;
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(i, j);
      observedDisagreement += (w * observed[i][j]) / n;
      expectedDisagreement += (w * rowMargin[i] * colMargin[j]) / (n * n);
    }
  }
  if (expectedDisagreement === 0) return Number.NaN;
  return 1 - observedDisagreement / expectedDisagreement;
}

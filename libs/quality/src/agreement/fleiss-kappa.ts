import { invalidInput } from './invalid-input';
import type { Label, RatingMatrix } from './ratings';
import { validateRatings } from './validate-ratings';

/**
 * Fleiss' kappa (Fleiss 1971) for any number of raters on nominal categories:
 * κ = (P̄ − P̄e) / (1 − P̄e), with P̄ the mean over units of the share of agreeing
 * rater pairs and P̄e = Σ p_j², p_j the overall share of category j. Every unit
 * must carry the same number (≥ 2) of ratings; which rater gave which rating
 * does not matter, so the columns need not be the same people. Units with no
 * rating at all are ignored. Returns NaN when all ratings fall in one category.
 *
 * @example
 * fleissKappa([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']]); // ≈ 0.55
 * @throws ValidationError when the data are malformed (see validateRatings), no
 *   unit has a rating, or units carry different numbers of ratings (use
 *   Krippendorff's alpha for incomplete data).
 */
export function fleissKappa(ratings: RatingMatrix): number {
  const fn = 'fleissKappa';
  validateRatings(fn, ratings);
  const units = ratings
    .map((row) => row.filter((cell): cell is Label => cell !== null))
    .filter((row) => row.length > 0);
  if (units.length === 0) throw invalidInput(fn, 'ratings', 'must have at least one rated unit');
  const perUnit = units[0].length;
  if (perUnit < 2) throw invalidInput(fn, 'ratings', 'must have at least two ratings per unit');
  const uneven = ratings.findIndex((row) => {
    const count = row.filter((cell) => cell !== null).length;
    return count !== 0 && count !== perUnit;
  });
  if (uneven >= 0) {
    throw invalidInput(
      fn,
      `ratings[${uneven}]`,
      `must carry ${perUnit} ratings like the other units (Fleiss' kappa needs a constant number of ratings per unit; use Krippendorff's alpha for missing data)`,
    );
  }
  const totals = new Map<Label, number>();
  let agreementSum = 0;
  for (const unit of units) {
    const counts = new Map<Label, number>();
    for (const label of unit) counts.set(label, (counts.get(label) ?? 0) + 1);
    let pairs = 0;
    for (const [label, count] of counts) {
      pairs += count * (count - 1);
      totals.set(label, (totals.get(label) ?? 0) + count);
    }
    agreementSum += pairs / (perUnit * (perUnit - 1));
  }
  const observed = agreementSum / units.length;
  const all = units.length * perUnit;
  let chance = 0;
  for (const count of totals.values()) chance += (count / all) ** 2;
  if (chance === 1) return Number.NaN;
  return (observed - chance) / (1 - chance);
}

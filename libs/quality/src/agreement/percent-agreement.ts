import { invalidInput } from './invalid-input';
import type { Label, RatingMatrix } from './ratings';
import { validateRatings } from './validate-ratings';

/**
 * Percent agreement: for every unit with at least two ratings, the share of
 * rater pairs that gave the same label (Fleiss' P_i); the result is the mean
 * over those units (Fleiss' P̄), between 0 and 1. For two raters it is the
 * share of units on which they agree. Not chance-corrected.
 *
 * @example
 * percentAgreement([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', null]]); // 2/3
 * @throws ValidationError when the data are malformed (see validateRatings) or
 *   no unit has two or more ratings.
 */
export function percentAgreement(ratings: RatingMatrix): number {
  const fn = 'percentAgreement';
  validateRatings(fn, ratings);
  let sum = 0;
  let pairable = 0;
  for (const row of ratings) {
    const labels = row.filter((cell): cell is Label => cell !== null);
    const m = labels.length;
    if (m < 2) continue;
    const counts = new Map<Label, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    let agreeing = 0;
    for (const count of counts.values()) agreeing += count * (count - 1);
    sum += agreeing / (m * (m - 1));
    pairable++;
  }
  if (pairable === 0) throw invalidInput(fn, 'ratings', 'must have at least one unit with two or more ratings');
  return sum / pairable;
}

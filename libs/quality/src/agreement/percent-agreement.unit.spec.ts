import { ValidationError } from '@hindsight/contracts';
import { percentAgreement } from './percent-agreement';

/** Expands a units × categories count table into units × raters ratings (category index as label). */
const fromCounts = (table: readonly (readonly number[])[]): number[][] =>
  table.map((row) => row.flatMap((count, category) => new Array<number>(count).fill(category)));

/** Wikipedia, "Fleiss' kappa", worked example: 10 subjects × 5 categories, 14 raters each. */
const wikipediaCounts = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('percentAgreement', () => {
  // Wikipedia, "Fleiss' kappa", worked example: P̄ = 3.780 / 10 = 0.378, with the per-subject
  // P_i column 1.000, 0.253, 0.308, 0.440, 0.330, 0.462, 0.242, 0.176, 0.286, 0.286 (also
  // table0 in statsmodels/stats/tests/test_inter_rater.py).
  it('matches the per-subject P_i and P̄ = 0.378 of the Wikipedia Fleiss example', () => {
    const units = fromCounts(wikipediaCounts);
    const published = [1.0, 0.253, 0.308, 0.44, 0.33, 0.462, 0.242, 0.176, 0.286, 0.286];
    units.forEach((unit, i) => expect(percentAgreement([unit])).toBeCloseTo(published[i], 3));
    expect(percentAgreement(units)).toBeCloseTo(0.378, 3);
  });

  it('is the share of agreeing units for two raters and skips units with fewer than two ratings', () => {
    expect(
      percentAgreement([
        ['a', 'a'],
        ['a', 'b'],
        ['b', 'b'],
        ['b', null],
      ]),
    ).toBeCloseTo(2 / 3, 12);
  });

  it('throws a named ValidationError when no unit has two ratings', () => {
    expect(() =>
      percentAgreement([
        [1, null],
        [null, 2],
      ]),
    ).toThrow(ValidationError);
    expect(() =>
      percentAgreement([
        [1, null],
        [null, 2],
      ]),
    ).toThrow('percentAgreement: ratings must have at least one unit with two or more ratings');
  });
});

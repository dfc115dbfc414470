import { ValidationError } from '@hindsight/contracts';
import { cohenKappa } from './cohen-kappa';
import type { Label } from './ratings';

const zip = (a: readonly Label[], b: readonly Label[]): Label[][] => a.map((x, i) => [x, b[i]]);
const repeat = (label: number, times: number): number[] => new Array<number>(times).fill(label);

/** Expands a 2-rater contingency table (rows rater 1, columns rater 2, categories 0..k-1) into units. */
const fromTable = (table: readonly (readonly number[])[]): Label[][] =>
  table.flatMap((row, i) => row.flatMap((count, j) => Array.from({ length: count }, () => [i, j])));

describe('cohenKappa', () => {
  // scikit-learn, sklearn/metrics/tests/test_classification.py::test_cohen_kappa, whose
  // tables come from Artstein & Poesio (2008), "Inter-coder agreement for computational
  // linguistics", Computational Linguistics 34(4): Table 1 (κ = 0.348) and Table 4 (κ = 0.8013);
  // and the weighted example there (none 0.9315, linear 0.9412, quadratic 0.9541).
  it('matches Artstein & Poesio (2008) Table 1 as tested by scikit-learn: 0.348', () => {
    const y1 = [...repeat(0, 40), ...repeat(1, 60)];
    const y2 = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];
    expect(cohenKappa(zip(y1, y2))).toBeCloseTo(0.348, 3);
    expect(cohenKappa(zip(y2, y1))).toBe(cohenKappa(zip(y1, y2)));
    expect(cohenKappa(zip(y1, y1))).toBe(1);
  });

  it('matches Artstein & Poesio (2008) Table 4 as tested by scikit-learn: 0.8013', () => {
    const y1 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const y2 = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(cohenKappa(zip(y1, y2))).toBeCloseTo(0.8013, 4);
  });

  it('matches the scikit-learn weighted example: none 0.9315, linear 0.9412, quadratic 0.9541', () => {
    const y1 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const y2 = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohenKappa(zip(y1, y2))).toBeCloseTo(0.9315, 4);
    expect(cohenKappa(zip(y1, y2), { weights: 'linear' })).toBeCloseTo(0.9412, 4);
    expect(cohenKappa(zip(y1, y2), { weights: 'quadratic' })).toBeCloseTo(0.9541, 4);
  });

  // statsmodels, statsmodels/stats/tests/test_inter_rater.py: `table10` compared with a
  // SAS PROC FREQ printout — simple kappa 0.4842, weighted kappa (weights 0,1,2) 0.4701.
  it('matches the SAS printout used by statsmodels for table10: 0.4842 and linear 0.4701', () => {
    const units = fromTable([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(cohenKappa(units)).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(units, { weights: 'linear' })).toBeCloseTo(0.4701, 4);
  });

  // statsmodels test_inter_rater.py::test_cohens_kappa_irr: the `anxiety` data of the R irr
  // package, raters 2 and 3, against irr::kappa2 — unweighted −0.006289308, "equal" (linear)
  // 0.1459075, "squared" (quadratic) 0.2520325. irr weights by category rank among the observed
  // categories (category 5 is unused), as this function does.
  it('matches R irr::kappa2 on the anxiety data (raters 2 and 3)', () => {
    const anxiety = [
      3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3,
      3, 4, 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
    ];
    // numpy reshape(20, 3, order='F'): column r is anxiety[20r .. 20r+19]
    const rater2 = anxiety.slice(20, 40);
    const rater3 = anxiety.slice(40, 60);
    const units = zip(rater2, rater3);
    expect(cohenKappa(units)).toBeCloseTo(-0.006289308, 6);
    expect(cohenKappa(units, { weights: 'linear' })).toBeCloseTo(0.1459075, 6);
    expect(cohenKappa(units, { weights: 'quadratic' })).toBeCloseTo(0.2520325, 6);
  });

  it('leaves out units with a missing rating', () => {
    const withMissing: (Label | null)[][] = [
      ['a', 'a'],
      ['b', 'b'],
      ['a', 'b'],
      ['b', 'b'],
      [null, 'a'],
      ['b', null],
    ];
    expect(cohenKappa(withMissing)).toBe(cohenKappa(withMissing.slice(0, 4)));
  });

  it('orders string labels by options.categories for weighted kappa', () => {
    const words = [
      ['low', 'low'],
      ['mid', 'high'],
      ['high', 'high'],
      ['mid', 'mid'],
      ['low', 'mid'],
    ];
    const numbers = [
      [1, 1],
      [2, 3],
      [3, 3],
      [2, 2],
      [1, 2],
    ];
    expect(cohenKappa(words, { weights: 'quadratic', categories: ['low', 'mid', 'high'] })).toBeCloseTo(
      cohenKappa(numbers, { weights: 'quadratic' }),
      12,
    );
    expect(() => cohenKappa(words, { weights: 'linear' })).toThrow('cohenKappa: options.categories');
  });

  it('returns NaN when both raters used one category (chance agreement is 1)', () => {
    expect(
      cohenKappa([
        ['a', 'a'],
        ['a', 'a'],
      ]),
    ).toBeNaN();
  });

  it('throws a named ValidationError for bad input', () => {
    expect(() => cohenKappa([[1, 2, 3]])).toThrow(ValidationError);
    expect(() => cohenKappa([[1, 2, 3]])).toThrow('cohenKappa: ratings[0] must have exactly 2 raters');
    expect(() =>
      cohenKappa([
        [1, null],
        [null, 2],
      ]),
    ).toThrow('cohenKappa: ratings must have at least one unit rated by both raters');
    expect(() => cohenKappa([[1, 'a']])).toThrow('cohenKappa: ratings[0][1]');
    expect(() => cohenKappa([])).toThrow('cohenKappa: ratings must hold at least one unit');
    expect(() => cohenKappa([[1, 2]], { weights: 'cubic' as never })).toThrow('cohenKappa: options.weights');
  });
});

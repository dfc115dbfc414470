import { ValidationError } from '@hindsight/contracts';
import { fleissKappa } from './fleiss-kappa';

/** Expands a units × categories count table into units × raters ratings (category index as label). */
const fromCounts = (table: readonly (readonly number[])[]): number[][] =>
  table.map((row) => row.flatMap((count, category) => new Array<number>(count).fill(category)));

/**
 * Fleiss (1971) psychiatric diagnoses, 30 patients × 6 raters (the `diagnoses` data of R irr),
 * as listed in statsmodels/stats/tests/test_inter_rater.py; irr::kappam.fleiss gives 0.4302445.
 */
const diagnoses = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];

/**
 * The worked example of the Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters,
 * 5 categories (counts per category), κ = 0.210; the table is `table1` in
 * statsmodels/stats/tests/test_inter_rater.py::test_fleiss_kappa.
 */
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

describe('fleissKappa', () => {
  it('matches R irr::kappam.fleiss on the Fleiss (1971) diagnoses data: 0.4302445', () => {
    expect(fleissKappa(diagnoses)).toBeCloseTo(0.4302445, 7);
  });

  it('matches the Wikipedia worked example: 0.210', () => {
    expect(fleissKappa(fromCounts(wikipediaCounts))).toBeCloseTo(0.21, 3);
  });

  it('ignores empty units and does not care which column a rating sits in', () => {
    const shuffled = diagnoses.map((row) => [...row].reverse());
    expect(fleissKappa([...shuffled, [null, null, null, null, null, null]])).toBeCloseTo(0.4302445, 7);
  });

  it('returns NaN when every rating is the same category', () => {
    expect(
      fleissKappa([
        ['a', 'a'],
        ['a', 'a'],
      ]),
    ).toBeNaN();
  });

  it('throws a named ValidationError for an uneven number of ratings per unit', () => {
    expect(() =>
      fleissKappa([
        [1, 1, 2],
        [1, null, 2],
      ]),
    ).toThrow(ValidationError);
    expect(() =>
      fleissKappa([
        [1, 1, 2],
        [1, null, 2],
      ]),
    ).toThrow('fleissKappa: ratings[1] must carry 3 ratings');
    expect(() => fleissKappa([[null, null]])).toThrow('fleissKappa: ratings must have at least one rated unit');
    expect(() => fleissKappa([[1]])).toThrow('fleissKappa: ratings[0] must have at least 2 raters');
  });
});

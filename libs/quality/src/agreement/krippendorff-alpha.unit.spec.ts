import { ValidationError } from '@hindsight/contracts';
import { krippendorffAlpha } from './krippendorff-alpha';
import type { Label } from './ratings';

/** Turns coder-by-unit reliability data (one row per coder) into unit-by-rater rows. */
const byUnit = (coders: readonly (readonly (Label | null)[])[]): (Label | null)[][] =>
  coders[0].map((_, u) => coders.map((coder) => coder[u]));

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders,
 * 12 units, missing values — the "C" data `nmm` of the R irr package. Published alphas:
 * nominal 0.743, ordinal 0.815, interval 0.849 (irr::kripp.alpha example output, reproduced
 * e.g. in bookdown.org/mike/marketing_research "25.2 Krippendorff's Alpha"), ratio 0.797
 * (pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py::test_ratio_metric, which
 * also asserts ordinal 0.815).
 */
const krippendorff2011 = byUnit([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
]);

/**
 * The computational example of the Wikipedia article "Krippendorff's alpha": 3 coders,
 * 15 units with missing values; nominal 0.691358 and interval 0.810845 per
 * pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py (test_nominal_metric_reliability_data,
 * test_interval_metric); the article gives nominal α = 0.691.
 */
const wikipedia = byUnit([
  [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
  [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
  [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
]);

describe('krippendorffAlpha', () => {
  it('matches Krippendorff (2011): nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797', () => {
    expect(krippendorffAlpha(krippendorff2011)).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(krippendorff2011, { level: 'nominal' })).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(krippendorff2011, { level: 'ordinal' })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(krippendorff2011, { level: 'interval' })).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(krippendorff2011, { level: 'ratio' })).toBeCloseTo(0.797, 3);
  });

  it('matches the Wikipedia computational example: nominal 0.691358, interval 0.810845', () => {
    expect(krippendorffAlpha(wikipedia, { level: 'nominal' })).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(wikipedia, { level: 'interval' })).toBeCloseTo(0.810845, 6);
  });

  it('reads ordinal string labels in the order of options.categories (fast-krippendorff: 0.815)', () => {
    // fast-krippendorff test_string_labels_ordinal_with_domain: the same data as words
    const words = ['very low', 'low', 'mid', 'high', 'very high'];
    const asWords = krippendorff2011.map((row) =>
      row.map((cell) => (cell === null ? null : words[(cell as number) - 1])),
    );
    expect(krippendorffAlpha(asWords, { level: 'ordinal', categories: words })).toBeCloseTo(0.815, 3);
    expect(() => krippendorffAlpha(asWords, { level: 'ordinal' })).toThrow('krippendorffAlpha: options.categories');
  });

  it('is 1 for perfect agreement and 1 for ratio data with zeros (fast-krippendorff test_ratio_metric_with_zeros)', () => {
    expect(
      krippendorffAlpha([
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3],
        [4, 4, 4],
      ]),
    ).toBe(1);
    expect(
      krippendorffAlpha(
        [
          [1, 1, 1],
          [2, 2, 2],
          [3, 3, 3],
          [4, 4, 4],
        ],
        { level: 'interval' },
      ),
    ).toBe(1);
    expect(
      krippendorffAlpha(
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        { level: 'ratio' },
      ),
    ).toBe(1);
  });

  it('returns NaN when every pairable value is the same', () => {
    expect(
      krippendorffAlpha([
        [1, 1],
        [1, 1],
      ]),
    ).toBeNaN();
  });

  it('throws a named ValidationError for unusable data', () => {
    expect(() =>
      krippendorffAlpha([
        [1, null],
        [null, 2],
      ]),
    ).toThrow(ValidationError);
    expect(() =>
      krippendorffAlpha([
        [1, null],
        [null, 2],
      ]),
    ).toThrow('krippendorffAlpha: ratings must have at least one unit rated by two or more raters');
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'interval' })).toThrow(
      'krippendorffAlpha: ratings must be numbers for the interval level',
    );
    expect(() => krippendorffAlpha([[-1, 2]], { level: 'ratio' })).toThrow('must be non-negative');
    expect(() => krippendorffAlpha([[1, 2]], { level: 'circular' as never })).toThrow(
      'krippendorffAlpha: options.level',
    );
  });
});

import { ValidationError } from '@hindsight/contracts';
import { jensenShannonDivergence } from './jensen-shannon-divergence';

// SciPy returns the Jensen–Shannon *distance*, the square root of the divergence,
// with the natural log unless a base is given; the expected values below are
// SciPy's, compared through Math.sqrt.
const distance = (p: number[], q: number[], base?: number) => Math.sqrt(jensenShannonDivergence(p, q, base));

describe('jensenShannonDivergence', () => {
  // The examples of the `scipy.spatial.distance.jensenshannon` docstring (SciPy 1.2 onwards,
  // https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.jensenshannon.html).
  it('matches the SciPy docstring examples', () => {
    expect(distance([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 2.0)).toBe(1.0);
    expect(distance([1.0, 0.0], [0.5, 0.5], Math.E)).toBeCloseTo(0.46450140402245893, 15);
    expect(distance([1.0, 0.0, 0.0], [1.0, 0.0, 0.0], Math.E)).toBe(0.0);
  });

  // SciPy's own test, scipy/spatial/tests/test_distance.py::test_jensenshannon (assert_almost_equal,
  // 7 decimals): rows and columns of two count matrices, which SciPy normalises as we do.
  it('matches the count vectors of SciPy test_jensenshannon', () => {
    expect(distance([1.0, 2.0], [0.5, 1.5], Math.E)).toBeCloseTo(0.0649045, 7);
    const a = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ];
    const b = [
      [13, 14, 15, 16],
      [17, 18, 19, 20],
      [21, 22, 23, 24],
    ];
    const column = (m: number[][], j: number) => m.map((row) => row[j]);
    expect([0, 1, 2, 3].map((j) => distance(column(a, j), column(b, j), Math.E))).toEqual(
      [0.1954288, 0.1447697, 0.1138377, 0.0927636].map((x) => expect.closeTo(x, 7)),
    );
    expect([0, 1, 2].map((i) => distance(a[i], b[i], Math.E))).toEqual(
      [0.1402339, 0.0399106, 0.0201815].map((x) => expect.closeTo(x, 7)),
    );
  });

  it('is in bits by default: 0 for identical, 1 for disjoint distributions, and symmetric', () => {
    expect(jensenShannonDivergence([3, 1, 0], [6, 2, 0])).toBe(0);
    expect(jensenShannonDivergence([1, 2, 0, 0], [0, 0, 5, 7])).toBeCloseTo(1, 12);
    expect(jensenShannonDivergence([0.1, 0.4, 0.5], [0.8, 0.15, 0.05])).toBeCloseTo(
      jensenShannonDivergence([0.8, 0.15, 0.05], [0.1, 0.4, 0.5]),
      15,
    );
    // Converting nats to bits is a change of unit only.
    expect(jensenShannonDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(
      jensenShannonDivergence([1, 0], [0.5, 0.5], Math.E) / Math.LN2,
      15,
    );
  });

  it('accepts typed arrays', () => {
    expect(jensenShannonDivergence(Float64Array.of(1, 0), Int32Array.of(0, 4))).toBeCloseTo(1, 12);
  });

  it.each([
    ['different lengths', [1, 0], [1, 0, 0], 2, 'jensenShannonDivergence: q must have the length of p (2), got 3'],
    ['empty vectors', [], [], 2, 'jensenShannonDivergence: p must not be empty'],
    ['a negative entry', [1, -1], [1, 1], 2, 'jensenShannonDivergence: p[1] must be a finite number >= 0'],
    ['a non-finite entry', [1, 1], [Number.NaN, 1], 2, 'jensenShannonDivergence: q[0] must be a finite number >= 0'],
    ['an all-zero vector', [1, 1], [0, 0], 2, 'jensenShannonDivergence: q must not be all zeros'],
    [
      'a sum that overflows',
      [Number.MAX_VALUE, Number.MAX_VALUE],
      [1, 1],
      2,
      'jensenShannonDivergence: p must sum to a finite number',
    ],
    ['base 1', [1, 0], [0, 1], 1, 'jensenShannonDivergence: base must be a finite number above 0 other than 1'],
    ['base 0', [1, 0], [0, 1], 0, 'jensenShannonDivergence: base must be a finite number above 0 other than 1'],
  ])('refuses %s', (_case, p, q, base, message) => {
    expect(() => jensenShannonDivergence(p, q, base)).toThrow(ValidationError);
    expect(() => jensenShannonDivergence(p, q, base)).toThrow(message);
  });
});

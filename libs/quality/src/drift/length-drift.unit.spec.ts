import { ValidationError } from '@hindsight/contracts';
import { lengthBin, lengthDistribution, LENGTH_BINS } from './length-distribution';
import { lengthDrift } from './length-drift';

// SciPy's `scipy.spatial.distance.jensenshannon([1.0, 0.0], [0.5, 0.5])` (docstring example, natural log):
// 0.46450140402245893, the square root of the divergence in nats; in bits the divergence is its square / ln 2.
const SCIPY_ONE_VS_HALF_BITS = 0.46450140402245893 ** 2 / Math.LN2;

describe('lengthBin and lengthDistribution', () => {
  it('puts 0 words in bin 0 and doubles each bin after it, the last open-ended', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 15, 16, 1023, 1024, 100_000].map(lengthBin)).toEqual([
      0, 1, 2, 2, 3, 3, 4, 4, 5, 10, 11, 11,
    ]);
    expect(LENGTH_BINS).toBe(12);
  });

  it('counts texts per bin by their words', () => {
    const counts = lengthDistribution(['hi', 'how are you', '?!', 'one two three four five']);
    expect(counts).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('lengthDrift', () => {
  it('is 0 for the same length mix, 1 for lengths in no common bin, and symmetric', () => {
    expect(lengthDrift(['a b', 'c d e'], ['x y', 'z w'])).toBe(0);
    expect(lengthDrift(['a'], ['a b c d'])).toBeCloseTo(1, 12);
    const [p, q] = [
      ['a', 'a b', 'a b c d'],
      ['a b c d e f g h', 'a'],
    ];
    expect(lengthDrift(p, q)).toBeCloseTo(lengthDrift(q, p), 15);
  });

  it("matches SciPy's jensenshannon([1, 0], [0.5, 0.5]) when half the prompts move up one bin", () => {
    expect(lengthDrift(['bake', 'bread'], ['bake', 'bake bread'])).toBeCloseTo(SCIPY_ONE_VS_HALF_BITS, 14);
  });

  it('refuses an empty side', () => {
    expect(() => lengthDrift([], ['a'])).toThrow(ValidationError);
    expect(() => lengthDrift(['a'], [])).toThrow('lengthDrift: since must not be empty');
  });
});

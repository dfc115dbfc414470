import { ValidationError } from '@hindsight/contracts';
import { quantileSorted } from './quantile-sorted';

describe('quantileSorted', () => {
  // Hyndman & Fan (1996), "Sample quantiles in statistical packages", definition 7 (R's
  // default): for x = 1..10, Q(p) = 1 + 9p, so Q(0.25) = 3.25, Q(0.5) = 5.5, Q(0.975) = 9.775.
  it('follows Hyndman & Fan definition 7', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(x, 0.975)).toBeCloseTo(9.775, 12);
    expect(quantileSorted(x, 1)).toBe(10);
    expect(quantileSorted([4], 0.3)).toBe(4);
  });

  it('throws a named ValidationError for empty input or p outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(ValidationError);
    expect(() => quantileSorted([], 0.5)).toThrow('quantileSorted: sorted must hold at least one value');
    expect(() => quantileSorted([1], 1.5)).toThrow('quantileSorted: p must be between 0 and 1');
    expect(() => quantileSorted([1], Number.NaN)).toThrow('quantileSorted: p');
  });
});

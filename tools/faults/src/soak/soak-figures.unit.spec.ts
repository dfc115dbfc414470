import { percentile } from './percentile';
import { slope } from './slope';

describe('the soak figures', () => {
  it('fits the slope of a line exactly and of noisy points by least squares', () => {
    expect(slope([1, 2, 3, 4], [100, 102, 104, 106])).toBe(2);
    // Anscombe's quartet, set I: slope 0.5001 (Anscombe 1973, "Graphs in Statistical Analysis", The American Statistician 27(1)).
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    expect(slope(x, y)).toBeCloseTo(0.5001, 4);
    expect(slope([3], [7])).toBe(0);
    expect(slope([2, 2], [1, 5])).toBe(0);
  });

  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 99)).toBe(0);
  });
});

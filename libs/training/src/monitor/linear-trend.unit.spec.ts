import { linearTrend, studentTUpperTail } from './linear-trend';

describe('studentTUpperTail', () => {
  // One-sided critical values from the t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [2.015, 5, 0.05],
    [1.812, 10, 0.05],
    [2.764, 10, 0.01],
    [1.697, 30, 0.05],
    [6.314, 1, 0.05],
  ])('P(T > %d | df %d) ≈ %d', (t, df, p) => {
    expect(studentTUpperTail(t, df)).toBeCloseTo(p, 3);
  });

  it('is ½ at 0 and symmetric', () => {
    expect(studentTUpperTail(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTUpperTail(-1.812, 10)).toBeCloseTo(0.95, 3);
    expect(() => studentTUpperTail(1, 0)).toThrow('studentTUpperTail: df must be positive');
  });
});

describe('linearTrend', () => {
  it('recovers the least-squares slope and its standard error', () => {
    // y = 1 + 2x with residuals (0.1, -0.1, -0.1, 0.1): slope exactly 2, SE = sqrt(0.04/2/5).
    const t = linearTrend([0, 1, 2, 3], [1.1, 2.9, 4.9, 7.1]);
    expect(t.slope).toBeCloseTo(2, 12);
    expect(t.standardError).toBeCloseTo(Math.sqrt(0.04 / 2 / 5), 12);
    expect(t.pRising).toBeLessThan(0.001);
    expect(t.pFalling).toBeGreaterThan(0.999);
  });

  it('finds no trend in a flat noisy series, and reports untestable inputs', () => {
    const flat = linearTrend([0, 1, 2, 3, 4, 5], [0.5, 0.52, 0.49, 0.51, 0.5, 0.5]);
    expect(flat.pRising).toBeGreaterThan(0.05);
    expect(linearTrend([1, 2], [1, 2])).toMatchObject({ slope: 1, pRising: null });
    expect(linearTrend([3, 3, 3], [1, 2, 3])).toMatchObject({ slope: 0, pRising: null });
    expect(() => linearTrend([1], [1, 2])).toThrow('linearTrend: xs and ys differ in length');
  });
});

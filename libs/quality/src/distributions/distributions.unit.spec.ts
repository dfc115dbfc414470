import { ValidationError } from '@hindsight/contracts';
import { benjaminiHochberg } from './benjamini-hochberg';
import { binomialCdf, binomialUpperTail } from './binomial-cdf';
import { binomialTest } from './binomial-test';
import { chiSquareGoodnessOfFit } from './chi-square-goodness-of-fit';
import { chiSquareTest } from './chi-square-test';
import { chiSquareUpperTail } from './chi-square-upper-tail';
import { clopperPearsonInterval } from './clopper-pearson-interval';
import { fisherExactTest } from './fisher-exact-test';
import { logGamma } from './log-gamma';
import { normalCdf } from './normal-cdf';
import { normalQuantile } from './normal-quantile';
import { regularizedBeta } from './regularized-beta';
import { wilsonInterval } from './wilson-interval';

// Published reference values, each with its source. Values printed to k significant
// digits are compared at the precision they were printed with.

describe('normalCdf and normalQuantile', () => {
  // R 2.x output of pnorm/qnorm, reproduced in "R Assignment #6", STAT 1211
  // (Columbia University, Spring 2008); they also match the printed standard normal tables.
  it.each([
    [0, 0.5],
    [1.96, 0.9750021],
    [-1.96, 0.0249979],
    [0.5, 0.6914625],
    [1.3, 0.9031995],
    [-1.6, 0.05479929],
  ])('pnorm(%p) = %p', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 7);
  });

  it('1 − pnorm(3) = 0.001349898 (same source)', () => {
    expect(1 - normalCdf(3)).toBeCloseTo(0.001349898, 9);
  });

  it.each([
    [0.05, -1.644854],
    [0.2, -0.8416212],
    [0.9, 1.281552],
    [0.95, 1.644854],
  ])('qnorm(%p) = %p', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 6);
  });

  it('inverts normalCdf deep in the tails', () => {
    for (const z of [-8, -5, -2.5, 0.3, 1.5]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 8);
  });

  it('refuses p outside (0, 1) with a ValidationError naming the function', () => {
    expect(() => normalQuantile(1)).toThrow(ValidationError);
    expect(() => normalQuantile(0)).toThrow(/normalQuantile: p/);
    expect(() => normalCdf(Number.NaN)).toThrow(ValidationError);
  });
});

describe('logGamma and regularizedBeta', () => {
  it('logGamma matches log((n−1)!) and Γ(1/2) = √π (exact identities)', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(() => logGamma(0)).toThrow(ValidationError);
  });

  it('regularizedBeta is the Beta CDF (closed forms for integer parameters)', () => {
    // I_x(1, b) = 1 − (1 − x)^b ; I_x(a, 1) = x^a
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedBeta(0.3, 5, 1)).toBeCloseTo(0.3 ** 5, 14);
    expect(() => regularizedBeta(1.5, 1, 1)).toThrow(ValidationError);
  });
});

describe('binomial', () => {
  // R documentation of binom.test, example from Conover (1971) p. 97f.: 682 giant and
  // 243 dwarf plants against H0 p = 3/4; R prints p-value = 0.3825 and the
  // Clopper–Pearson 95% interval 0.7076683 0.7654066 (RPubs transcript of the example).
  it('binom.test(c(682, 243), p = 3/4): p-value 0.3825', () => {
    expect(binomialTest(682, 925, 0.75)).toBeCloseTo(0.3825, 4);
  });

  it('binom.test(c(682, 243), p = 3/4): 95% CI 0.7076683 0.7654066', () => {
    const [lo, hi] = clopperPearsonInterval(682, 925);
    expect(lo).toBeCloseTo(0.7076683, 7);
    expect(hi).toBeCloseTo(0.7654066, 7);
  });

  // Same RPubs page: binom.test(3, 4, alternative = "greater") gives p = 0.3125 and the
  // one-sided interval 0.2486046 1 (the 90% two-sided lower limit).
  it('binom.test(3, 4, alternative = "greater"): p = 0.3125, lower limit 0.2486046', () => {
    expect(binomialTest(3, 4, 0.5, 'greater')).toBeCloseTo(0.3125, 10);
    expect(clopperPearsonInterval(3, 4, 0.9)[0]).toBeCloseTo(0.2486046, 7);
  });

  it('two-sided test at p = 0.5 is symmetric and equals twice the smaller tail', () => {
    expect(binomialTest(3, 20)).toBeCloseTo(2 * binomialCdf(3, 20, 0.5), 12);
    expect(binomialTest(17, 20)).toBeCloseTo(binomialTest(3, 20), 12);
    expect(binomialTest(10, 20)).toBe(1);
  });

  it('tails agree with the pmf summed by hand (Bin(4, 1/2) = 1, 4, 6, 4, 1 / 16)', () => {
    expect(binomialCdf(1, 4, 0.5)).toBeCloseTo(5 / 16, 14);
    expect(binomialUpperTail(3, 4, 0.5)).toBeCloseTo(5 / 16, 14);
    expect(binomialCdf(4, 4, 0.5)).toBe(1);
  });

  it('stays fast and finite for large n', () => {
    const p = binomialTest(260_000, 500_000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-100);
  });

  it('refuses successes > n', () => {
    expect(() => binomialTest(5, 4)).toThrow(/binomialTest: successes/);
  });
});

describe('wilsonInterval', () => {
  // Test cases of the Code Golf Stack Exchange challenge "Compute the Wilson score
  // interval" (z = 1.96), format successes, failures => lower, upper.
  it.each([
    [0, 1, 0.0, 0.7934567085261071],
    [1, 0, 0.20654329147389294, 1.0],
    [1, 1, 0.09452865480086611, 0.905471345199134],
    [1, 10, 0.016231752262825982, 0.3773646254862038],
    [10, 90, 0.05522854161313612, 0.1743673043676654],
    [25, 75, 0.17545094003724265, 0.3430464637007583],
  ])('%p successes, %p failures', (s, f, lo, hi) => {
    const [l, h] = wilsonInterval(s, s + f, { z: 1.96 });
    expect(l).toBeCloseTo(lo, 12);
    expect(h).toBeCloseTo(hi, 12);
  });

  it('refuses n = 0', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(ValidationError);
  });
});

describe('chi-square', () => {
  // Worked example "A poll classified respondents by gender and political party"
  // (wizedu.com, question 214551): Male 36 45 25, Female 51 38 13 gives
  // χ² = 6.891667643 on 2 df, P-value = 0.03187817; the 5% critical value is 5.991465.
  it('gender × party table: χ² = 6.891667643, p = 0.03187817', () => {
    const r = chiSquareTest([
      [36, 45, 25],
      [51, 38, 13],
    ]);
    expect(r.statistic).toBeCloseTo(6.891667643, 8);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.03187817, 8);
  });

  // Same worked example: the upper 5% critical value on 2 df is 5.991465.
  it('critical value: P(χ²₂ ≥ 5.991465) = 0.05', () => {
    expect(chiSquareUpperTail(5.991465, 2)).toBeCloseTo(0.05, 7);
  });

  it('goodness of fit: 20, 15, 25 against equal shares gives χ² = 2.5 on 2 df and p = e^−1.25 (closed form for 2 df)', () => {
    const r = chiSquareGoodnessOfFit([20, 15, 25], [1, 1, 1]);
    expect(r.statistic).toBeCloseTo(2.5, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-1.25), 12);
  });

  it('refuses ragged tables and negative counts', () => {
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/chiSquareTest: table\[1\]/);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(ValidationError);
  });
});

describe('fisherExactTest', () => {
  // Penn State STAT 504, lesson 3, TeaLady.out (R): the tea-tasting table
  // [[3, 1], [1, 3]] gives p = 0.4857 two-sided and p = 0.2429 for alternative = "greater".
  it('tea tasting: two-sided 0.4857, greater 0.2429', () => {
    expect(
      fisherExactTest([
        [3, 1],
        [1, 3],
      ]),
    ).toBeCloseTo(0.4857, 4);
    expect(
      fisherExactTest(
        [
          [3, 1],
          [1, 3],
        ],
        'greater',
      ),
    ).toBeCloseTo(0.2429, 4);
  });

  it('a table whose margins allow one arrangement has p = 1', () => {
    expect(
      fisherExactTest([
        [0, 0],
        [3, 4],
      ]),
    ).toBe(1);
  });

  it('refuses non-integer counts', () => {
    expect(() =>
      fisherExactTest([
        [1.5, 1],
        [1, 1],
      ]),
    ).toThrow(ValidationError);
  });
});

describe('benjaminiHochberg', () => {
  it('applies the step-up rule q(i) = min_j≥i m·p(j)/j (Benjamini & Hochberg 1995, definition)', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03])).toEqual([0.03, 0.04, 0.04]);
    expect(benjaminiHochberg([0.5, 0.9])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('refuses p-values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.2, 1.2])).toThrow(/pValues\[1\]/);
  });
});

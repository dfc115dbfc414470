import { mulberry32 } from '@hindsight/reward-model';
import { delongCovariance } from './delong-covariance';
import { hanleyMcNeilCases, HANLEY_MCNEIL_1982_TABLE_I } from './hanley-mcneil-example';
import { hanleyMcNeilStandardError } from './hanley-mcneil-standard-error';
import { midranks } from './midranks';

/** DeLong et al. (1988) written out as the paper defines it, O(m·n): ψ(X, Y) = 1 if X > Y, ½ if equal, 0 below. */
function delongByDefinition(scorings: number[][], positive: boolean[]) {
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const parts = scorings.map((s) => {
    const x = s.filter((_, i) => positive[i]);
    const y = s.filter((_, i) => !positive[i]);
    return {
      v10: x.map((xi) => y.reduce((a, yj) => a + psi(xi, yj), 0) / y.length),
      v01: y.map((yj) => x.reduce((a, xi) => a + psi(xi, yj), 0) / x.length),
    };
  });
  const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
  const cov = (a: number[], b: number[]) =>
    a.reduce((p, _, i) => p + (a[i] - mean(a)) * (b[i] - mean(b)), 0) / (a.length - 1);
  return {
    aucs: parts.map((p) => mean(p.v10)),
    covariance: parts.map((p) => parts.map((q) => cov(p.v10, q.v10) / p.v10.length + cov(p.v01, q.v01) / p.v01.length)),
  };
}

/** A standard normal draw (Box–Muller). */
const gaussian = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

describe('midranks', () => {
  it('shares the mean rank among ties', () => {
    expect(midranks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
  });
});

describe('delongCovariance', () => {
  it("gives Hanley & McNeil (1982)'s area 0.893 for their Table I, with an SE near their 0.032", () => {
    const { scores, abnormal } = hanleyMcNeilCases();
    const estimate = delongCovariance([scores], abnormal)!;
    expect(estimate.aucs[0]).toBeCloseTo(HANLEY_MCNEIL_1982_TABLE_I.area, 3);
    expect(estimate.positives).toBe(51);
    expect(estimate.negatives).toBe(58);
    // DeLong's nonparametric SE (0.0307) is near the exponential approximation's published 0.032 on the same table.
    const se = Math.sqrt(estimate.covariance[0][0]);
    expect(se).toBeCloseTo(0.0307, 4);
    expect(Math.abs(se - hanleyMcNeilStandardError(estimate.aucs[0], 51, 58))).toBeLessThan(0.003);
  });

  it('matches the definition of DeLong et al. (1988), ties and all, for two correlated scorings', () => {
    const random = mulberry32(7);
    const positive = Array.from({ length: 60 }, () => random() < 0.4);
    const a = positive.map((p) => Math.round((p ? 1 : 0) + 2 * random()));
    const b = a.map((v) => v + Math.round(random() * 2));
    const fast = delongCovariance([a, b], positive)!;
    const slow = delongByDefinition([a, b], positive);
    fast.aucs.forEach((auc, r) => expect(auc).toBeCloseTo(slow.aucs[r], 12));
    fast.covariance.forEach((row, r) => row.forEach((c, s) => expect(c).toBeCloseTo(slow.covariance[r][s], 12)));
  });

  it('gives a difference of variance 0 for the same scoring twice', () => {
    const { scores, abnormal } = hanleyMcNeilCases();
    const c = delongCovariance([scores, scores], abnormal)!.covariance;
    expect(c[0][0] + c[1][1] - 2 * c[0][1]).toBeCloseTo(0, 15);
  });

  it('covers a planted binormal AUC with its 95 % interval about 95 % of the time', () => {
    // Positives ~ N(1, 1), negatives ~ N(0, 1): AUC = Φ(1/√2) = 0.760250 (binormal model).
    const truth = 0.76025;
    const random = mulberry32(2024);
    const trials = 400;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const positive = Array.from({ length: 120 }, (_, i) => i % 2 === 0);
      const scores = positive.map((p) => (p ? 1 : 0) + gaussian(random));
      const e = delongCovariance([scores], positive)!;
      const half = 1.959964 * Math.sqrt(e.covariance[0][0]);
      if (Math.abs(e.aucs[0] - truth) <= half) covered++;
    }
    // 400 Bernoulli(0.95) trials: 99 % binomial interval ≈ 380 ± 11.2.
    expect(covered).toBeGreaterThanOrEqual(369);
    expect(covered).toBeLessThanOrEqual(391);
  });

  it('is null without two cases of each class, and refuses bad input', () => {
    expect(delongCovariance([[1, 2, 3]], [true, false, false])).toBeNull();
    expect(() => delongCovariance([[1, 2]], [true, false, true])).toThrow('delongCovariance: 2 scores for 3 outcomes');
    expect(() => delongCovariance([[1, NaN, 2, 3]], [true, false, true, false])).toThrow('finite');
  });
});

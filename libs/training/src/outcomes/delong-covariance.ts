import { midranks } from './midranks';

/** The AUCs of several scorings of the same cases and their DeLong covariance matrix. */
export interface DelongEstimate {
  /** Per scoring: the Mann–Whitney AUC, P(a positive scores above a negative) + ½ P(tie). */
  readonly aucs: number[];
  /** covariance[r][s]: DeLong's estimate of Cov(AUC_r, AUC_s), S10/m + S01/n. */
  readonly covariance: number[][];
  readonly positives: number;
  readonly negatives: number;
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988), "Comparing the areas under two or
 * more correlated receiver operating characteristic curves: a nonparametric
 * approach", Biometrics 44(3):837–845: the AUC of each scoring of the same
 * cases and the covariance of those AUCs from the structural components
 * V10 (per positive, the share of negatives it outscores, ties ½) and V01 (per
 * negative, the share of positives that outscore it). The components come from
 * midranks (Sun & Xu 2014, IEEE Signal Processing Letters 21(11)), O(n log n).
 * Null when either class has fewer than two cases (no variance to estimate).
 * @example delongCovariance([[0.9, 0.8, 0.3, 0.1]], [true, false, true, false])!.aucs // [0.75]
 * @throws RangeError when a scoring's length differs from the outcomes' or a score is not finite.
 */
export function delongCovariance(
  scorings: readonly (readonly number[])[],
  positive: readonly boolean[],
): DelongEstimate | null {
  for (const scores of scorings) {
    if (scores.length !== positive.length)
      throw new RangeError(`delongCovariance: ${scores.length} scores for ${positive.length} outcomes`);
    if (!scores.every(Number.isFinite)) throw new RangeError('delongCovariance: every score must be finite');
  }
  const m = positive.filter(Boolean).length;
  const n = positive.length - m;
  if (m < 2 || n < 2) return null;
  const v10: number[][] = [];
  const v01: number[][] = [];
  for (const scores of scorings) {
    const x = scores.filter((_, i) => positive[i]);
    const y = scores.filter((_, i) => !positive[i]);
    const all = midranks([...x, ...y]);
    const rx = midranks(x);
    const ry = midranks(y);
    v10.push(x.map((_, i) => (all[i] - rx[i]) / n));
    v01.push(y.map((_, j) => 1 - (all[m + j] - ry[j]) / m));
  }
  const aucs = v10.map(mean);
  const covariance = scorings.map((_, r) =>
    scorings.map((__, s) => sampleCovariance(v10[r], v10[s]) / m + sampleCovariance(v01[r], v01[s]) / n),
  );
  return { aucs, covariance, positives: m, negatives: n };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleCovariance(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - ma) * (b[i] - mb);
  return sum / (a.length - 1);
}

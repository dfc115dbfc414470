import { regularizedBeta } from '@hindsight/quality';

/** An ordinary-least-squares line through (x, y) points, with a one-sided test of the slope. */
export interface LinearTrend {
  readonly points: number;
  readonly slope: number;
  /** Standard error of the slope; null with fewer than 3 points or no spread in x. */
  readonly standardError: number | null;
  /** P(slope ≤ 0 would produce a t this large): small means the series significantly rises. Null when not testable. */
  readonly pRising: number | null;
  /** The same for a falling series. */
  readonly pFalling: number | null;
}

/**
 * Upper tail P(T > t) of Student's t with `df` degrees of freedom, through the
 * regularised incomplete beta function: P(T > t) = ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0.
 * @example studentTUpperTail(2.015, 5) // ≈ 0.05 (t-table, one-sided 5 % at 5 df)
 * @throws RangeError when df is not positive.
 */
export function studentTUpperTail(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTUpperTail: df must be positive, got ${df}`);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * Fits y = a + b·x by least squares and tests b with Student's t on n − 2 degrees
 * of freedom (one-sided, both directions). A perfectly straight series has zero
 * residual error: its slope is then as significant as it can be (p = 0) unless flat.
 * @example linearTrend([0, 1, 2, 3], [1, 2, 3, 4.1]).slope // ≈ 1.03
 * @throws RangeError when xs and ys differ in length or hold non-finite numbers.
 */
export function linearTrend(xs: readonly number[], ys: readonly number[]): LinearTrend {
  if (xs.length !== ys.length)
    throw new RangeError(`linearTrend: xs and ys differ in length (${xs.length} vs ${ys.length})`);
  if (![...xs, ...ys].every(Number.isFinite)) throw new RangeError('linearTrend: every value must be a finite number');
  const n = xs.length;
  if (n < 2) return { points: n, slope: 0, standardError: null, pRising: null, pFalling: null };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return { points: n, slope: 0, standardError: null, pRising: null, pFalling: null };
  const slope = sxy / sxx;
  if (n < 3) return { points: n, slope, standardError: null, pRising: null, pFalling: null };
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  const df = n - 2;
  const standardError = Math.sqrt(sse / df / sxx);
  if (standardError === 0) {
    const rising = slope > 0 ? 0 : slope < 0 ? 1 : 0.5;
    return { points: n, slope, standardError, pRising: rising, pFalling: slope === 0 ? 0.5 : 1 - rising };
  }
  const t = slope / standardError;
  return { points: n, slope, standardError, pRising: studentTUpperTail(t, df), pFalling: studentTUpperTail(-t, df) };
}

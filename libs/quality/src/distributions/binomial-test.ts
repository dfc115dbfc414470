import { invalidInput } from '../agreement/invalid-input';
import { binomialCdf, binomialUpperTail } from './binomial-cdf';
import { binomialLogPmf } from './binomial-log-pmf';

export type Alternative = 'two-sided' | 'less' | 'greater';

// R's binom.test treats probabilities within this relative tolerance of d(x) as "as extreme".
const LOG_RELATIVE_ERROR = Math.log1p(1e-7);

/**
 * Exact binomial test of H0: P(success) = p, with R's `binom.test` definition of
 * the two-sided p-value (the total probability of outcomes no more likely than the
 * observed one). Because the binomial pmf is unimodal the far tail is found by
 * binary search, so the cost is O(log n) incomplete-beta evaluations, not O(n).
 *
 * @example
 * binomialTest(682, 925, 0.75); // 0.3825 (R documentation, Conover 1971 p. 97f.)
 * @throws ValidationError when n is not a non-negative integer, successes is not an
 *   integer in [0, n], or p is outside [0, 1].
 */
export function binomialTest(successes: number, n: number, p = 0.5, alternative: Alternative = 'two-sided'): number {
  const fn = 'binomialTest';
  if (!Number.isInteger(n) || n < 0) throw invalidInput(fn, 'n', 'must be a non-negative integer');
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw invalidInput(fn, 'successes', 'must be an integer between 0 and n');
  if (!(p >= 0 && p <= 1)) throw invalidInput(fn, 'p', 'must lie in [0, 1]');
  if (alternative === 'less') return binomialCdf(successes, n, p);
  if (alternative === 'greater') return binomialUpperTail(successes, n, p);
  if (alternative !== 'two-sided') throw invalidInput(fn, 'alternative', "must be 'two-sided', 'less' or 'greater'");
  if (n === 0) return 1;
  if (p === 0) return successes === 0 ? 1 : 0;
  if (p === 1) return successes === n ? 1 : 0;

  const limit = binomialLogPmf(successes, n, p) + LOG_RELATIVE_ERROR;
  const mean = n * p;
  if (successes === mean) return 1;
  let pValue: number;
  if (successes < mean) {
    // pmf is non-increasing on [ceil(mean), n]: find the first i there with pmf(i) ≤ d
    let lo = Math.ceil(mean);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (binomialLogPmf(mid, n, p) <= limit) hi = mid;
      else lo = mid + 1;
    }
    pValue = binomialCdf(successes, n, p) + (lo <= n ? binomialUpperTail(lo, n, p) : 0);
  } else {
    // pmf is non-decreasing on [0, floor(mean)]: find the last i there with pmf(i) ≤ d
    let lo = -1;
    let hi = Math.floor(mean);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (binomialLogPmf(mid, n, p) <= limit) lo = mid;
      else hi = mid - 1;
    }
    pValue = (lo >= 0 ? binomialCdf(lo, n, p) : 0) + binomialUpperTail(successes, n, p);
  }
  return Math.min(1, pValue);
}

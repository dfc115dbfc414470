import { invalidInput } from '../agreement/invalid-input';
import { regularizedBeta } from './regularized-beta';

function betaQuantile(q: number, a: number, b: number): number {
  // I_x(a, b) is increasing in x: bisection to machine precision
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Clopper–Pearson "exact" confidence interval for a binomial proportion, the one
 * R's `binom.test` reports: the α/2 and 1 − α/2 quantiles of Beta(x, n − x + 1)
 * and Beta(x + 1, n − x).
 *
 * @example
 * clopperPearsonInterval(682, 925); // [0.7076683, 0.7654066]
 * @throws ValidationError when n is not a positive integer, successes is not in
 *   [0, n] or confidence is not in (0, 1).
 */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): [number, number] {
  const fn = 'clopperPearsonInterval';
  if (!Number.isInteger(n) || n <= 0) throw invalidInput(fn, 'n', 'must be a positive integer');
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw invalidInput(fn, 'successes', 'must be an integer between 0 and n');
  if (!(confidence > 0 && confidence < 1)) throw invalidInput(fn, 'confidence', 'must lie strictly between 0 and 1');
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, n - successes + 1);
  const upper = successes === n ? 1 : betaQuantile(1 - alpha / 2, successes + 1, n - successes);
  return [lower, upper];
}

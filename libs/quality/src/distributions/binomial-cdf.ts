import { invalidInput } from '../agreement/invalid-input';
import { regularizedBeta } from './regularized-beta';

function guard(fn: string, n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw invalidInput(fn, 'n', 'must be a non-negative integer');
  if (!(p >= 0 && p <= 1)) throw invalidInput(fn, 'p', 'must lie in [0, 1]');
}

/**
 * Lower tail P(X ≤ k) of X ~ Bin(n, p), through the incomplete beta function
 * P(X ≤ k) = I_{1−p}(n − k, k + 1). Non-integer k is floored.
 *
 * @example
 * binomialCdf(1, 4, 0.5); // 0.3125
 * @throws ValidationError when n is not a non-negative integer or p is outside [0, 1].
 */
export function binomialCdf(k: number, n: number, p: number): number {
  guard('binomialCdf', n, p);
  const x = Math.floor(k);
  if (x < 0) return 0;
  if (x >= n) return 1;
  return regularizedBeta(1 - p, n - x, x + 1);
}

/**
 * Upper tail P(X ≥ k) of X ~ Bin(n, p) = I_p(k, n − k + 1). Non-integer k is ceiled.
 *
 * @example
 * binomialUpperTail(3, 4, 0.5); // 0.3125
 * @throws ValidationError when n is not a non-negative integer or p is outside [0, 1].
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  guard('binomialUpperTail', n, p);
  const x = Math.ceil(k);
  if (x <= 0) return 1;
  if (x > n) return 0;
  return regularizedBeta(p, x, n - x + 1);
}

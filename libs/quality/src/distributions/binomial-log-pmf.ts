import { logChoose } from './log-choose';

/**
 * Natural logarithm of the binomial probability P(X = k) for X ~ Bin(n, p).
 * Inputs are trusted (callers validate them); k outside [0, n] gives −Infinity.
 *
 * @example
 * Math.exp(binomialLogPmf(2, 4, 0.5)); // 0.375
 * @throws ValidationError only through logChoose when n is not a non-negative integer.
 */
export function binomialLogPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

import { invalidInput } from '../agreement/invalid-input';
import { logGamma } from './log-gamma';

/**
 * Natural logarithm of the binomial coefficient C(n, k).
 *
 * @example
 * Math.exp(logChoose(10, 3)); // ≈ 120
 * @throws ValidationError when n or k is not a non-negative integer or k > n.
 */
export function logChoose(n: number, k: number): number {
  if (!Number.isInteger(n) || n < 0) throw invalidInput('logChoose', 'n', 'must be a non-negative integer');
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw invalidInput('logChoose', 'k', 'must be an integer between 0 and n');
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

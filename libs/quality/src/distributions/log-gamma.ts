import { invalidInput } from '../agreement/invalid-input';

// Lanczos approximation, g = 7, n = 9 (the coefficients published by Godfrey and
// used by Numerical Recipes 3rd ed. §6.1 and many libraries); relative error ≈ 1e-15.
const G = 7;
const COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural logarithm of the gamma function for x > 0 (Lanczos approximation).
 *
 * @example
 * logGamma(5); // ≈ Math.log(24)
 * @throws ValidationError when x is not a positive finite number.
 */
export function logGamma(x: number): number {
  if (!Number.isFinite(x) || x <= 0) throw invalidInput('logGamma', 'x', 'must be a positive finite number');
  if (x < 0.5) {
    // reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = COEFFICIENTS[0];
  for (let i = 1; i < G + 2; i++) sum += COEFFICIENTS[i] / (z + i);
  const t = z + G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

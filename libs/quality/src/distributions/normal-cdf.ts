import { invalidInput } from '../agreement/invalid-input';
import { regularizedGammaP, regularizedGammaQ } from './regularized-gamma';

/**
 * Standard normal cumulative distribution Φ(z), through the identity
 * erf(x) = P(1/2, x²); the lower tail uses Q so that Φ(−10) keeps its precision.
 *
 * @example
 * normalCdf(1.96); // 0.9750021
 * @throws ValidationError when z is NaN.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw invalidInput('normalCdf', 'z', 'must be a number');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const half = (z * z) / 2;
  return z < 0 ? 0.5 * regularizedGammaQ(0.5, half) : 0.5 + 0.5 * regularizedGammaP(0.5, half);
}

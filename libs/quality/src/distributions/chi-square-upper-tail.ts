import { invalidInput } from '../agreement/invalid-input';
import { regularizedGammaQ } from './regularized-gamma';

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom,
 * Q(df/2, x/2).
 *
 * @example
 * chiSquareUpperTail(3.841459, 1); // ≈ 0.05
 * @throws ValidationError when df is not positive or x is negative or NaN.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  const fn = 'chiSquareUpperTail';
  if (!Number.isFinite(df) || df <= 0) throw invalidInput(fn, 'df', 'must be a positive finite number');
  if (Number.isNaN(x) || x < 0) throw invalidInput(fn, 'x', 'must be a non-negative number');
  return regularizedGammaQ(df / 2, x / 2);
}

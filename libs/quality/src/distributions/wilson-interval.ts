import { invalidInput } from '../agreement/invalid-input';
import { normalQuantile } from './normal-quantile';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; method 3 of
 * Newcombe 1998), without continuity correction. Pass `z` to use a fixed critical
 * value (e.g. 1.96) instead of deriving it from `confidence`.
 *
 * @example
 * wilsonInterval(1, 11, { z: 1.96 }); // [0.016231752262825982, 0.3773646254862038]
 * @throws ValidationError when n is not a positive integer, successes is not in
 *   [0, n], confidence is not in (0, 1) or z is not positive.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  options: { confidence?: number; z?: number } = {},
): [number, number] {
  const fn = 'wilsonInterval';
  if (!Number.isInteger(n) || n <= 0) throw invalidInput(fn, 'n', 'must be a positive integer');
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw invalidInput(fn, 'successes', 'must be an integer between 0 and n');
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw invalidInput(fn, 'options.confidence', 'must lie strictly between 0 and 1');
  const z = options.z ?? normalQuantile(1 - (1 - confidence) / 2);
  if (!(z > 0 && Number.isFinite(z))) throw invalidInput(fn, 'options.z', 'must be a positive finite number');
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (successes + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

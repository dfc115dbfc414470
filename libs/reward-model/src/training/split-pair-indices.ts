import { ValidationError } from '@hindsight/contracts';
import { mulberry32 } from '../random/mulberry32';
import { shuffledIndices } from '../random/shuffled-indices';

/**
 * Splits 0..count-1 into a training part and a held-out part of
 * round(count · holdoutFraction) indices drawn by a seeded shuffle; each part is
 * returned in increasing order. Same seed, same split.
 *
 * @example splitPairIndices(10, 0.2, 7) // { training: Uint32Array(8), holdout: Uint32Array(2) }
 * @throws ValidationError when `holdoutFraction` is outside [0, 1) or `seed` is not a safe integer.
 */
export function splitPairIndices(
  count: number,
  holdoutFraction: number,
  seed: number,
): { readonly training: Uint32Array; readonly holdout: Uint32Array } {
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new ValidationError([{ path: 'holdoutFraction', rule: 'splitPairIndices: in [0, 1)' }]);
  }
  const order = shuffledIndices(count, mulberry32(seed));
  const holdoutCount = Math.round(count * holdoutFraction);
  return {
    training: order.slice(holdoutCount).sort(),
    holdout: order.slice(0, holdoutCount).sort(),
  };
}

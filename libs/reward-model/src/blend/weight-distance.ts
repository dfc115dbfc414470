import { ValidationError } from '@hindsight/contracts';

/**
 * How far weight vector `a` is from `reference`, relative to the reference's
 * length: ‖a − reference‖₂ / ‖reference‖₂ (0: the same model; 1: as far away as
 * the reference is from the zero model).
 *
 * @example relativeWeightDistance(new Float64Array([3, 4]), new Float64Array([0, 5])) // √10 / 5 ≈ 0.632
 * @throws ValidationError when the lengths differ or the reference is all zeros.
 */
export function relativeWeightDistance(a: Float64Array, reference: Float64Array): number {
  if (a.length !== reference.length)
    throw new ValidationError([{ path: 'a', rule: 'relativeWeightDistance: same length as reference' }]);
  let difference = 0;
  let norm = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - reference[j];
    difference += d * d;
    norm += reference[j] * reference[j];
  }
  if (norm === 0)
    throw new ValidationError([{ path: 'reference', rule: 'relativeWeightDistance: must not be all zeros' }]);
  return Math.sqrt(difference / norm);
}

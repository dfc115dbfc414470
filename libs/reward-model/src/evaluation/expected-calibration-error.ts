import { ValidationError } from '@hindsight/contracts';

/**
 * Expected calibration error (Naeini et al. 2015; Guo et al. 2017) with `bins`
 * equal-width bins on [0, 1]: Σ_b (n_b / N) · |mean(outcome in b) − mean(probability in b)|.
 * A probability p falls in bin min(⌊p · bins⌋, bins − 1), so 1.0 joins the last bin.
 *
 * @example expectedCalibrationError([0.25, 0.75], [0, 1]) // 0.25
 * @throws ValidationError when the lists are empty or differ in length, a probability is outside [0, 1],
 *   an outcome is not 0 or 1, or `bins` is not a positive integer.
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  bins = 10,
): number {
  if (probabilities.length === 0 || probabilities.length !== outcomes.length) {
    throw new ValidationError([
      { path: 'probabilities', rule: 'expectedCalibrationError: non-empty, one per outcome' },
    ]);
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new ValidationError([{ path: 'bins', rule: 'expectedCalibrationError: positive integer' }]);
  }
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    const y = outcomes[i];
    if (!(p >= 0 && p <= 1))
      throw new ValidationError([{ path: `probabilities[${i}]`, rule: 'expectedCalibrationError: in [0, 1]' }]);
    if (y !== 0 && y !== 1)
      throw new ValidationError([{ path: `outcomes[${i}]`, rule: 'expectedCalibrationError: 0 or 1' }]);
    const bin = Math.min(Math.floor(p * bins), bins - 1);
    count[bin]++;
    confidence[bin] += p;
    hits[bin] += y;
  }
  let error = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) error += Math.abs(hits[b] - confidence[b]) / probabilities.length;
  }
  return error;
}

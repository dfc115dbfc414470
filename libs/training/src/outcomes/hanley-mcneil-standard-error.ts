/**
 * Hanley & McNeil (1982), "The meaning and use of the area under a receiver
 * operating characteristic (ROC) curve", Radiology 143(1):29–36, equation (2):
 * the standard error of an AUC from the AUC and the two class sizes, with
 * Q1 = A/(2−A) and Q2 = 2A²/(1+A) (the exponential approximation). Their
 * worked example (Table I, 51 abnormal and 58 normal CT images): A = 0.893, SE = 0.032.
 * @example hanleyMcNeilStandardError(0.893, 51, 58) // ≈ 0.0325
 * @throws RangeError when the AUC is outside [0, 1] or a class is empty.
 */
export function hanleyMcNeilStandardError(auc: number, positives: number, negatives: number): number {
  if (!(auc >= 0 && auc <= 1)) throw new RangeError('hanleyMcNeilStandardError: the AUC must be in [0, 1]');
  if (!(positives >= 1 && negatives >= 1))
    throw new RangeError('hanleyMcNeilStandardError: both classes need at least one case');
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  return Math.sqrt(Math.max(0, variance));
}
